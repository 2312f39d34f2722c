import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';

import { Role } from '@pm/identity';
import { waitFor } from '@pm/infra';

import { type Board, type Outcome, ReplicaStack, STREAM } from './support/replica-stack';

const NATS_BINARY = ['nats-server', '/usr/sbin/nats-server'].find((b) => spawnSync(b, ['--version'], { stdio: 'ignore' }).status === 0);
const describeWithNats = NATS_BINARY ? describe : describe.skip;
if (!NATS_BINARY) console.warn('replicas.test.ts skipped: no nats-server binary to run a 3-node cluster with (apt-get install nats-server)');

interface Write {
  kind: 'ticket' | 'emergency' | 'resident';
  marker: string;
  /** The client's request id: a write cut off is sent again with it, as a desk's client would. */
  requestId: string;
  /** Outcome of the first attempt. */
  outcome?: Outcome;
  retried?: boolean;
  /** Attempts until it was acknowledged. */
  attempts?: number;
}

/** Where residents' registrations land: each consuming service's own copy (a row per resident). */
const DIRECTORIES: [service: string, table: string][] = [['tickets', 'resident_directory'], ['renovation', 'resident_directory'], ['surveys', 'resident_directory'], ['parking', 'unit_resident']];

const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);

/**
 * Issue 16: two replicas of every service and two gateways on a 3-node JetStream cluster (stream
 * replicas 3), each replica its own process, with a NATS node, a tickets and a residents replica
 * and a gateway killed (SIGKILL) while writes go on. Counted: N acknowledged writes → N rows, N
 * events in the stream, N effects in every consumer, every change on each board that lives — and
 * 0 duplicates anywhere; the SLA scheduler of two replicas publishes each breach once.
 */
describeWithNats('replicas and failover on one machine', () => {
  const stack = new ReplicaStack(NATS_BINARY!);
  let propertyId: string;
  let units: { id: string }[];
  const writes: Write[] = [];

  beforeAll(async () => {
    // Emergency repairs must be dispatched within a minute; both tickets replicas scan every second.
    await stack.start({ tickets: { SLA_SCAN_SECONDS: '1', SLA_DISPATCH_MINUTES: '1', NOTIFY_SCAN_SECONDS: '1' } });
    ({ propertyId, units } = await createProperty(stack));
  }, 240_000);

  afterAll(() => stack.stop(), 60_000);

  /** One attempt at a write, through gateway `prefer` (or the other if that one refuses connections). */
  function send(w: Write, unitId: string, prefer: number) {
    return w.kind === 'resident'
      ? stack.call(Role.FRONT_DESK, 'mutation($input: RegisterResidentInput!) { registerResident(input: $input) { id } }', { input: { unitId, kind: 'OWNER', name: w.marker, phone: '13812345678', requestId: w.requestId } }, prefer)
      : stack.call(Role.FRONT_DESK, 'mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }', {
        input: { propertyId, unitId, channel: 'PHONE', kind: 'REPAIR', title: w.marker, requestId: w.requestId, ...(w.kind === 'emergency' ? { urgency: 'EMERGENCY' } : {}) },
      }, prefer);
  }

  /** Runs the planned writes with `concurrency` clients; `events[i]` happens before write i. A write cut off is sent again (same requestId) until acknowledged. */
  async function run(planned: Write[], events: Record<number, () => Promise<void>>, concurrency = 6): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < planned.length) {
        const i = next++;
        await events[i]?.();
        const w = planned[i];
        const unitId = units[i % units.length].id;
        let result = await send(w, unitId, i);
        Object.assign(w, { outcome: result.outcome, retried: result.retried, attempts: 1 });
        while (result.outcome === 'ambiguous' && w.attempts! < 10) {
          await new Promise((r) => setTimeout(r, 200));
          result = await send(w, unitId, i + w.attempts!);
          w.attempts! += 1;
        }
        if (result.outcome === 'ok') w.outcome = w.outcome === 'ambiguous' ? 'ambiguous' : 'ok';
        writes.push(w);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  const ticketIds = async () => (await stack.sql<{ id: string }>('tickets', 'select id from ticket where property_id = $1', [propertyId])).map((t) => t.id);

  it('N writes → N effects and 0 duplicates while a NATS node, service replicas and a gateway are killed', async () => {
    const walls = stack.gateways.map((g) => stack.board(g, propertyId, Role.SUPERVISOR));
    await new Promise((r) => setTimeout(r, 1000));

    // Phase A, both gateways: the NATS node leading the stream dies, then a tickets and a residents replica.
    let killedNode = 0;
    await run(Array.from({ length: 150 }, (_, i) => ({ kind: i < 20 ? 'emergency' : i % 3 === 0 ? 'resident' : 'ticket', marker: `${stack.prefix}-a${i}`, requestId: randomUUID() })), {
      40: async () => {
        killedNode = (await stack.cluster.streamLeader(STREAM)) ?? 0;
        await stack.cluster.kill(killedNode);
      },
      80: async () => { await Promise.all([stack.kill(stack.replicas.tickets[1]), stack.kill(stack.replicas.residents[1])]); },
      120: () => stack.cluster.restart(killedNode),
    });
    // Both boards catch up with every ticket of phase A, the NATS node's death notwithstanding.
    const phaseAEnded = Date.now();
    const bothBoards = await waitFor(async () => {
      const ids = await ticketIds();
      return walls.every((wall) => ids.every((id) => wall.opened().has(id)));
    }, 60_000, 250);
    const catchUpMs = Date.now() - phaseAEnded;

    // Phase B: gateway 2 dies; its callers' next requests are refused and go to gateway 1.
    await run(Array.from({ length: 40 }, (_, i) => ({ kind: 'ticket', marker: `${stack.prefix}-b${i}`, requestId: randomUUID() })), { 10: () => stack.kill(stack.gateways[1]) });

    const counted = await count(walls);
    report(counted, walls, catchUpMs, stack.cluster.nodeName(killedNode));

    // N writes → N rows: each is there exactly once, those cut off and sent again included (their requestId).
    expect(writes).toHaveLength(190);
    expect(writes.filter((w) => w.outcome === 'failed')).toEqual([]);
    expect(writes.filter((w) => counted.rows.get(w.marker) !== 1).map((w) => `${w.marker} ×${counted.rows.get(w.marker) ?? 0}`)).toEqual([]);
    expect(counted.rows.size).toBe(190);
    // Each row's event is in the stream once; every consumer applied each once; the boards saw each once.
    expect(counted.converged).toBe(true);
    expect([counted.opened.size, total(counted.opened), counted.tickets.every((t) => counted.opened.has(t.id))]).toEqual([counted.tickets.length, counted.tickets.length, true]);
    expect([counted.registered.size, total(counted.registered)]).toEqual([counted.residents.length, counted.residents.length]);
    expect(counted.directories).toEqual(DIRECTORIES.map(() => counted.residents.length));
    expect(walls.map((w) => w.duplicates())).toEqual([0, 0]);
    expect(bothBoards).toBe(true);
    // Two schedulers (one killed): each emergency repair's dispatch breach published exactly once.
    expect(counted.emergencies).toHaveLength(20);
    expect(counted.emergencies.map((id) => counted.breaches.get(`${id}:DISPATCH`))).toEqual(counted.emergencies.map(() => 1));
    expect([...counted.breaches.values()].filter((n) => n > 1)).toEqual([]);
  }, 420_000);

  /** Rows, stream events and effects, once the consumers and the surviving board have caught up. */
  async function count(walls: Board[]) {
    const tickets = await stack.sql<{ id: string; title: string; urgency: string }>('tickets', 'select id, title, urgency from ticket where property_id = $1', [propertyId]);
    const residents = await stack.sql<{ id: string; name: string }>('residents', 'select id, name from resident where name like $1', [`${stack.prefix}-%`]);
    const rows = new Map<string, number>();
    for (const marker of [...tickets.map((t) => t.title), ...residents.map((r) => r.name)]) rows.set(marker, (rows.get(marker) ?? 0) + 1);
    const residentIds = residents.map((r) => r.id);
    const directoryCounts = () => Promise.all(DIRECTORIES.map(async ([service, table]) => Number((await stack.sql(service, `select count(*) as n from ${table} where resident_id = any($1)`, [residentIds]))[0].n)));
    const converged = await waitFor(async () => (await directoryCounts()).every((n) => n === residentIds.length) && tickets.every((t) => walls[0].opened().has(t.id)), 60_000, 500);
    const emergencies = tickets.filter((t) => t.urgency === 'EMERGENCY').map((t) => t.id);
    // Dispatch is due a minute after opening (SLA_DISPATCH_MINUTES=1).
    await waitFor(async () => {
      const breaches = await stack.streamCounts('pm.tickets.ticket.sla_breached', 'breach');
      return emergencies.every((id) => breaches.has(`${id}:DISPATCH`));
    }, 150_000, 2000);
    return {
      tickets, residents, rows, converged, emergencies,
      opened: await stack.streamCounts('pm.tickets.ticket.opened'),
      registered: await stack.streamCounts('pm.residents.resident.registered'),
      breaches: await stack.streamCounts('pm.tickets.ticket.sla_breached', 'breach'),
      directories: await directoryCounts(),
    };
  }

  /** The counts as a table in the test output (CI's log shows them). */
  function report(c: Awaited<ReturnType<typeof count>>, walls: Board[], catchUpMs: number, killedNode: string): void {
    const of = (kinds: Write['kind'][], outcome: Outcome) => writes.filter((w) => kinds.includes(w.kind) && w.outcome === outcome).length;
    const tickets: Write['kind'][] = ['ticket', 'emergency'];
    const table = [
      ['', 'tickets', 'residents'],
      ['writes acknowledged', of(tickets, 'ok'), of(['resident'], 'ok')],
      ['writes refused (not written)', of(tickets, 'failed'), of(['resident'], 'failed')],
      ['writes cut off, sent again with their requestId', of(tickets, 'ambiguous'), of(['resident'], 'ambiguous')],
      ['refused by the dead gateway, sent to the other', writes.filter((w) => w.kind !== 'resident' && w.retried).length, writes.filter((w) => w.kind === 'resident' && w.retried).length],
      ['rows in the database', c.tickets.length, c.residents.length],
      ['events in the stream (distinct / total)', `${c.opened.size} / ${total(c.opened)}`, `${c.registered.size} / ${total(c.registered)}`],
      ['effects', `board 1: ${walls[0].opened().size}, board 2 (killed): ${walls[1].opened().size}`, `${c.directories.join(' / ')} (tickets / renovation / surveys / parking)`],
      ['duplicates on the boards', walls.map((w) => w.duplicates()).join(' / '), ''],
      ['dispatch breaches of emergency repairs (tickets / events)', `${c.emergencies.length} / ${c.emergencies.reduce((n, id) => n + (c.breaches.get(`${id}:DISPATCH`) ?? 0), 0)}`, ''],
      ['boards caught up after phase A', `${catchUpMs} ms`, ''],
      ['killed', `NATS ${killedNode} (stream leader), tickets-2, residents-2, gateway-2`, ''],
    ];
    process.stdout.write(`\nreplicas and failover (${stack.prefix}):\n${table.map((r) => `| ${r.join(' | ')} |`).join('\n')}\n`);
  }
});

/** A property with a building of 40 units, known to tickets (units reach it by an event, as the desk would wait for). */
async function createProperty(stack: ReplicaStack): Promise<{ propertyId: string; units: { id: string }[] }> {
  const manager = <T>(query: string, input: Record<string, unknown>) => stack.call<T>(Role.PROJECT_MANAGER, query, { input }).then((r) => r.data!);
  const { createProperty: property } = await manager<{ createProperty: { id: string } }>('mutation($input: CreatePropertyInput!) { createProperty(input: $input) { id } }', { name: `副本花园 ${stack.prefix}`, kind: 'RESIDENTIAL' });
  const { addBuilding: building } = await manager<{ addBuilding: { id: string } }>('mutation($input: AddBuildingInput!) { addBuilding(input: $input) { id } }', { propertyId: property.id, name: '1栋' });
  const { addUnits: units } = await manager<{ addUnits: { id: string }[] }>('mutation($input: AddUnitsInput!) { addUnits(input: $input) { id } }', {
    buildingId: building.id,
    units: Array.from({ length: 40 }, (_, i) => ({ code: `1-${1 + Math.floor(i / 10)}-${101 + (i % 10)}`, floor: 1 + Math.floor(i / 10), usage: 'HOME', occupancy: 'OWNER_OCCUPIED' })),
  });
  await waitFor(async () => Number((await stack.sql('tickets', 'select count(*) as n from unit_directory where property_id = $1', [property.id]))[0].n) === units.length, 30_000);
  return { propertyId: property.id, units };
}
