import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { databaseUrl, dropDatabase } from '@pm/db';
import { connectNats, STREAM } from '@pm/events';
import { issueToken, Role } from '@pm/identity';
import { freePort, NatsCluster, waitFor } from '@pm/infra';
import { testInfrastructure } from '@pm/testing';
import { createClient } from 'graphql-ws';
import { DeliverPolicy } from 'nats';
import { Client } from 'pg';
import WebSocket from 'ws';

import { type Managed, startNode, tail } from '../src/processes';

const SERVICES = ['tickets', 'residents', 'renovation', 'parking', 'surveys'] as const;
const NATS_BINARY = ['nats-server', '/usr/sbin/nats-server'].find((b) => spawnSync(b, ['--version'], { stdio: 'ignore' }).status === 0);
const describeWithNats = NATS_BINARY ? describe : describe.skip;
if (!NATS_BINARY) console.warn('replicas.test.ts skipped: no nats-server binary to run a 3-node cluster with (apt-get install nats-server)');

interface Process extends Managed {
  internalPort: number;
}

type Outcome = 'ok' | 'failed' | 'ambiguous';
/** Errors that mean nothing was written. */
const DEFINITE = new Set(['BAD_USER_INPUT', 'CONFLICT', 'FORBIDDEN', 'UNAUTHENTICATED', 'NOT_FOUND']);

/**
 * Issue 16: two replicas of every service and two gateways on a 3-node JetStream cluster (stream
 * replicas 3), each replica its own process, with a NATS node, a tickets and a residents replica
 * and a gateway killed (SIGKILL) while writes go on. Counted: N acknowledged writes → N rows, N
 * events in the stream, N effects in every consumer, every change on each board that lives — and
 * 0 duplicates anywhere; the SLA scheduler of two replicas publishes each breach once.
 */
describeWithNats('replicas and failover on one machine', () => {
  const prefix = `pm_test_rep_${randomBytes(3).toString('hex')}`;
  const jwtSecret = randomBytes(24).toString('hex');
  const identitySecret = randomBytes(24).toString('hex');
  const { databaseUrl: server } = testInfrastructure();
  let dataDir: string;
  let cluster: NatsCluster;
  const replicas: Record<string, Process[]> = {};
  const gateways: Process[] = [];
  const boards: { changes: { type: string; ticketId: string }[]; dispose: () => Promise<void> }[] = [];
  const db = (name: string) => `${prefix}_${name}`;

  const baseEnv = () => ({
    PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', LOG_LEVEL: 'info', HOST: '127.0.0.1',
    DATABASE_URL: server, NATS_URL: cluster.url, STREAM_REPLICAS: '3', IDENTITY_SECRET: identitySecret, MIGRATE_ON_BOOT: 'true',
  });

  async function startProcess(name: string, entry: string, env: Record<string, string | undefined>): Promise<Process> {
    const port = await freePort();
    const internalPort = await freePort();
    const managed = startNode(`${prefix}-${name}`, entry, port, { ...baseEnv(), ...env, PORT: String(port), INTERNAL_PORT: String(internalPort) });
    let exited = false;
    managed.child.once('exit', () => (exited = true));
    const ready = await waitFor(async () => exited || (await fetch(`http://127.0.0.1:${internalPort}/readyz`).catch(() => undefined))?.status === 200, 90_000, 250);
    if (exited || !ready) throw new Error(`${name} did not become ready; its log ends:\n${tail(managed.logFile)}`);
    return { ...managed, internalPort };
  }

  const kill = (p: Process) => new Promise<void>((resolve) => {
    if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve();
    p.child.once('exit', () => resolve());
    p.child.kill('SIGKILL');
  });

  const token = (role: Role) => `Bearer ${issueToken({ sub: `replicas-${role}`, name: `Replicas ${role}`, roles: [role], propertyIds: ['*'] }, jwtSecret)}`;
  const url = (g: Process) => `http://127.0.0.1:${g.port}/graphql`;

  /** One call as a client behind a load balancer sees it: refused (never sent) goes to the other gateway. */
  async function call<T>(role: Role, query: string, variables: Record<string, unknown>, prefer = 0): Promise<{ outcome: Outcome; data?: T; retried: boolean }> {
    let retried = false;
    for (const g of [gateways[prefer % 2], gateways[(prefer + 1) % 2]]) {
      try {
        const response = await fetch(url(g), { method: 'POST', headers: { 'content-type': 'application/json', authorization: token(role) }, body: JSON.stringify({ query, variables }) });
        const body = (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
        if (!body.errors?.length) return { outcome: 'ok', data: body.data, retried };
        // A refusal by a rule is certain; a subgraph cut off mid-call (its replica killed) may have committed.
        const refused = body.errors.every((e) => DEFINITE.has(e.extensions?.code ?? ''));
        return { outcome: refused ? 'failed' : 'ambiguous', data: body.data, retried };
      } catch (error) {
        if ((error as { cause?: { code?: string } }).cause?.code !== 'ECONNREFUSED') return { outcome: 'ambiguous', retried };
        retried = true;
      }
    }
    return { outcome: 'failed', retried };
  }

  async function sql<T = Record<string, unknown>>(database: string, text: string, values: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: databaseUrl(server, database) });
    await client.connect();
    try {
      return (await client.query(text, values)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** Every event on `subject` in the stream, by aggregate id (and `detail`): how many times each is there. */
  async function streamCounts(subject: string, detail?: string): Promise<Map<string, number>> {
    const nc = await connectNats(cluster.url, 'replicas-test-reader');
    try {
      const js = nc.jetstream();
      const info = await (await nc.jetstreamManager()).streams.info(STREAM, { subjects_filter: subject });
      const total = info.state.subjects?.[subject] ?? 0;
      const counts = new Map<string, number>();
      if (!total) return counts;
      const consumer = await js.consumers.get(STREAM, { filterSubjects: subject, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: 1 });
      const messages = await consumer.fetch({ max_messages: total, expires: 5000 });
      let seen = 0;
      for await (const m of messages) {
        const event = m.json() as { aggregateId: string; payload: Record<string, string> };
        const id = detail ? `${event.aggregateId}:${event.payload[detail]}` : event.aggregateId;
        counts.set(id, (counts.get(id) ?? 0) + 1);
        if (++seen >= total) break;
      }
      return counts;
    } finally {
      await nc.close();
    }
  }

  function board(g: Process, propertyId: string) {
    const changes: { type: string; ticketId: string }[] = [];
    const client = createClient({ url: url(g).replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: token(Role.SUPERVISOR) }, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined });
    const dispose = client.subscribe<{ ticketChanged: { type: string; ticket: { id: string } } }>(
      { query: 'subscription($filter: TicketFilter) { ticketChanged(filter: $filter) { type ticket { id } } }', variables: { filter: { propertyId } } },
      { next: (v) => v.data && changes.push({ type: v.data.ticketChanged.type, ticketId: v.data.ticketChanged.ticket.id }), error: () => undefined, complete: () => undefined },
    );
    const entry = { changes, dispose: async () => { dispose(); await client.dispose(); } };
    boards.push(entry);
    return entry;
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pm-replicas-'));
    cluster = await NatsCluster.start(join(dataDir, 'nats'), { binary: NATS_BINARY });
    // The first replica of each service migrates its database; the second starts on a migrated one.
    for (const round of [1, 2]) {
      const started = await Promise.all(SERVICES.map((name) => startProcess(`${name}-${round}`, `services/${name}/src/main.ts`, {
        DATABASE_NAME: db(name), CONSUMER_NAME: db(name),
        ...(name === 'tickets' ? { SLA_SCAN_SECONDS: '1', SLA_DISPATCH_MINUTES: '1', NOTIFY_SCAN_SECONDS: '1' } : {}),
      })));
      for (const p of started) (replicas[p.name.split('-').slice(-2, -1)[0]] ??= []).push(p);
    }
    const subgraphs = Object.fromEntries(SERVICES.map((name) => [`${name.toUpperCase()}_URL`, replicas[name].map((p) => `http://127.0.0.1:${p.port}/graphql`).join(',')]));
    for (const round of [1, 2]) {
      gateways.push(await startProcess(`gateway-${round}`, 'gateway/src/main.ts', { ...subgraphs, DATABASE_NAME: db('gateway'), JWT_SECRET: jwtSecret }));
    }
  }, 240_000);

  afterAll(async () => {
    for (const b of boards) await b.dispose().catch(() => undefined);
    await Promise.all([...gateways, ...Object.values(replicas).flat()].map(kill));
    await cluster?.stop();
    for (const name of [...SERVICES, 'gateway']) await dropDatabase(server, db(name)).catch(() => undefined);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('N writes → N effects and 0 duplicates while a NATS node, service replicas and a gateway are killed', async () => {
    const manager = (q: string, v: Record<string, unknown>) => call<Record<string, { id: string } & Record<string, unknown>>>(Role.PROJECT_MANAGER, q, v);
    const property = (await manager('mutation($input: CreatePropertyInput!) { createProperty(input: $input) { id } }', { input: { name: `副本花园 ${prefix}`, kind: 'RESIDENTIAL' } })).data!.createProperty;
    const building = (await manager('mutation($input: AddBuildingInput!) { addBuilding(input: $input) { id } }', { input: { propertyId: property.id, name: '1栋' } })).data!.addBuilding;
    const units = ((await call<{ addUnits: { id: string }[] }>(Role.PROJECT_MANAGER, 'mutation($input: AddUnitsInput!) { addUnits(input: $input) { id } }', {
      input: { buildingId: building.id, units: Array.from({ length: 40 }, (_, i) => ({ code: `1-${1 + Math.floor(i / 10)}-${101 + (i % 10)}`, floor: 1 + Math.floor(i / 10), usage: 'HOME', occupancy: 'OWNER_OCCUPIED' })) },
    })).data!.addUnits);
    // Units reach tickets by an event: wait until it knows them all, as the desk would.
    await waitFor(async () => Number((await sql(db('tickets'), 'select count(*) as n from unit_directory where property_id = $1', [property.id]))[0].n) === units.length, 30_000);
    const walls = gateways.map((g) => board(g, property.id));
    const openedOnBoard = (b: typeof walls[number]) => new Set(b.changes.filter((c) => c.type === 'tickets.ticket.opened').map((c) => c.ticketId));
    await new Promise((r) => setTimeout(r, 1000));

    type Write = { kind: 'ticket' | 'emergency' | 'resident'; marker: string; outcome?: Outcome; retried?: boolean };
    const writes: Write[] = [];
    const run = async (planned: Write[], events: Record<number, () => Promise<void>>, concurrency = 6) => {
      let next = 0;
      const worker = async () => {
        while (next < planned.length) {
          const i = next++;
          await events[i]?.();
          const w = planned[i];
          const unitId = units[i % units.length].id;
          const result = w.kind === 'resident'
            ? await call(Role.FRONT_DESK, 'mutation($input: RegisterResidentInput!) { registerResident(input: $input) { id } }', { input: { unitId, kind: 'OWNER', name: w.marker, phone: '13812345678' } }, i)
            : await call(Role.FRONT_DESK, 'mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }', {
              input: { propertyId: property.id, unitId, channel: 'PHONE', kind: 'REPAIR', title: w.marker, ...(w.kind === 'emergency' ? { urgency: 'EMERGENCY' } : {}) },
            }, i);
          Object.assign(w, result);
          writes.push(w);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    };

    // Phase A, both gateways: the NATS node leading the stream dies, then a tickets and a residents replica.
    const phaseA: Write[] = Array.from({ length: 150 }, (_, i) => ({ kind: i < 20 ? 'emergency' : i % 3 === 0 ? 'resident' : 'ticket', marker: `${prefix}-a${i}` }));
    let killedNode = -1;
    await run(phaseA, {
      40: async () => {
        killedNode = (await cluster.streamLeader(STREAM)) ?? 0;
        await cluster.kill(killedNode);
      },
      80: async () => { await Promise.all([kill(replicas.tickets[1]), kill(replicas.residents[1])]); },
      120: async () => { await cluster.restart(killedNode); },
    });
    // Both gateways' boards catch up with every ticket of phase A, the NATS node's death notwithstanding.
    const phaseAEnded = Date.now();
    const phaseATickets = async () => (await sql<{ id: string }>(db('tickets'), 'select id from ticket where property_id = $1', [property.id])).map((t) => t.id);
    const bothBoards = await waitFor(async () => {
      const ids = await phaseATickets();
      return walls.every((wall) => ids.every((id) => openedOnBoard(wall).has(id)));
    }, 60_000, 250);
    const catchUpMs = Date.now() - phaseAEnded;
    const missingOnBoard2 = (await phaseATickets()).filter((id) => !openedOnBoard(walls[1]).has(id)).length;

    // Phase B: gateway 2 dies; its callers' next requests are refused and go to gateway 1.
    const phaseB: Write[] = Array.from({ length: 40 }, (_, i) => ({ kind: 'ticket', marker: `${prefix}-b${i}` }));
    await run(phaseB, { 10: () => kill(gateways[1]) });

    const started = Date.now();
    const tickets = await sql<{ id: string; title: string; urgency: string }>(db('tickets'), 'select id, title, urgency from ticket where property_id = $1', [property.id]);
    const residents = await sql<{ id: string; name: string }>(db('residents'), "select r.id, r.name from resident r where r.name like $1", [`${prefix}-%`]);
    const rows = new Map<string, number>();
    for (const t of tickets) rows.set(t.title, (rows.get(t.title) ?? 0) + 1);
    for (const r of residents) rows.set(r.name, (rows.get(r.name) ?? 0) + 1);


    // Every row's event reached the stream exactly once; each consumer applied each once; the board that lived saw each.
    const ticketIds = tickets.map((t) => t.id);
    const residentIds = residents.map((r) => r.id);
    const directories: [string, string][] = [[db('tickets'), 'resident_directory'], [db('renovation'), 'resident_directory'], [db('surveys'), 'resident_directory'], [db('parking'), 'unit_resident']];
    const directoryCount = async ([database, table]: [string, string]) => Number((await sql(database, `select count(*) as n from ${table} where resident_id = any($1)`, [residentIds]))[0].n);
    const converged = await waitFor(async () => {
      const counts = await Promise.all(directories.map(directoryCount));
      return counts.every((n) => n === residentIds.length) && ticketIds.every((id) => openedOnBoard(walls[0]).has(id));
    }, 60_000, 500);
    process.stdout.write(`converged: ${converged} after ${Date.now() - started} ms\n`);
    const opened = await streamCounts('pm.tickets.ticket.opened');
    const registered = await streamCounts('pm.residents.resident.registered');
    const emergencies = tickets.filter((t) => t.urgency === 'EMERGENCY').map((t) => t.id);
    // Dispatch within a minute (SLA_DISPATCH_MINUTES=1, scanned each second by two replicas, one of them killed).
    await waitFor(async () => {
      const breaches = await streamCounts('pm.tickets.ticket.sla_breached', 'breach');
      return emergencies.every((id) => breaches.has(`${id}:DISPATCH`));
    }, 150_000, 2000);
    const breaches = await streamCounts('pm.tickets.ticket.sla_breached', 'breach');
    const dispatchBreaches = emergencies.map((id) => breaches.get(`${id}:DISPATCH`) ?? 0);
    const directoryCounts = await Promise.all(directories.map(directoryCount));
    const duplicatesOn = (b: typeof walls[number]) => {
      const seen = new Map<string, number>();
      for (const c of b.changes.filter((x) => x.type === 'tickets.ticket.opened')) seen.set(c.ticketId, (seen.get(c.ticketId) ?? 0) + 1);
      return [...seen.values()].filter((n) => n > 1).length;
    };

    const count = (kind: Write['kind'][], outcome: Outcome) => writes.filter((w) => kind.includes(w.kind) && w.outcome === outcome).length;
    const table = [
      ['', 'tickets', 'residents'],
      ['writes acknowledged', count(['ticket', 'emergency'], 'ok'), count(['resident'], 'ok')],
      ['writes refused (not written)', count(['ticket', 'emergency'], 'failed'), count(['resident'], 'failed')],
      ['writes cut off (outcome unknown)', count(['ticket', 'emergency'], 'ambiguous'), count(['resident'], 'ambiguous')],
      ['refused by the dead gateway, sent to the other', writes.filter((w) => w.kind !== 'resident' && w.retried).length, writes.filter((w) => w.kind === 'resident' && w.retried).length],
      ['rows in the database', tickets.length, residents.length],
      ['events in the stream (distinct / total)', `${opened.size} / ${[...opened.values()].reduce((a, b) => a + b, 0)}`, `${registered.size} / ${[...registered.values()].reduce((a, b) => a + b, 0)}`],
      ['effects per consumer', `board 1: ${openedOnBoard(walls[0]).size}, board 2 (killed): ${openedOnBoard(walls[1]).size}`, directoryCounts.join(' / ') + ' (tickets / renovation / surveys / parking)'],
      ['duplicates on the boards', `${duplicatesOn(walls[0])} / ${duplicatesOn(walls[1])}`, ''],
      ['dispatch breaches of emergency repairs (tickets / events)', `${emergencies.length} / ${dispatchBreaches.reduce((a, b) => a + b, 0)}`, ''],
      ['boards caught up after phase A (NATS node and replicas killed)', `${catchUpMs} ms`, ''],
      ['killed', `NATS ${cluster.nodeName(killedNode)} (stream leader), tickets-2, residents-2, gateway-2`, ''],
    ];
    process.stdout.write(`\nreplicas and failover (${prefix}):\n${table.map((r) => `| ${r.join(' | ')} |`).join('\n')}\n`);

    // Every write acknowledged is there once; one refused is not there; one cut off at most once.
    const acknowledged = writes.filter((w) => w.outcome === 'ok');
    expect(acknowledged.filter((w) => rows.get(w.marker) !== 1).map((w) => w.marker)).toEqual([]);
    expect([...rows.entries()].filter(([, n]) => n > 1)).toEqual([]);
    expect(writes.filter((w) => w.outcome === 'failed' && rows.has(w.marker)).map((w) => w.marker)).toEqual([]);
    expect(converged).toBe(true);
    expect([opened.size, [...opened.values()].every((n) => n === 1)]).toEqual([tickets.length, true]);
    expect(ticketIds.every((id) => opened.has(id))).toBe(true);
    expect([registered.size, [...registered.values()].every((n) => n === 1)]).toEqual([residents.length, true]);
    expect(directoryCounts).toEqual(directories.map(() => residents.length));
    expect([duplicatesOn(walls[0]), duplicatesOn(walls[1])]).toEqual([0, 0]);
    // Board 2 saw, once each, every ticket opened before its gateway died (phase A).
    expect([bothBoards, missingOnBoard2]).toEqual([true, 0]);
    expect(emergencies.length).toBe(20);
    expect(dispatchBreaches).toEqual(emergencies.map(() => 1));
    expect([...breaches.values()].filter((n) => n > 1)).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(150);
  }, 420_000);
});
