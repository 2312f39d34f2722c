import { issueToken, Role } from '@pm/identity';
import { eventually, ok } from '@pm/testing';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

import { createTestProperty, createTestResident } from './factories';
import { startTestGraph, TEST_JWT_SECRET, type TestGraph } from './graph';

const BOARD = `subscription($filter: TicketFilter, $after: String) {
  ticketChanged(filter: $filter, after: $after) { cursor type at ticket { number title status unit { code } reporter { name } } }
}`;

interface Change {
  cursor: string;
  type: string;
  ticket: { number: string; title: string; status: string; unit: { code: string } | null; reporter: { name: string; phone?: string } | null; contactPhone?: string };
}

/** A live board: a graphql-ws client through the gateway, collecting what it receives. */
function board(graph: TestGraph, connectionParams: Record<string, unknown>, variables: Record<string, unknown> = {}, query = BOARD) {
  const client: Client = createClient({ url: graph.url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined });
  const received: Change[] = [];
  const errors: unknown[] = [];
  let closed: { code: number; reason: string } | undefined;
  client.on('closed', (event) => (closed = { code: (event as { code: number }).code, reason: (event as { reason: string }).reason }));
  // Started once the gateway listens for this board (its count of live boards went up), not after a pause.
  const before = graph.gateway.liveBoardsStarted();
  const connected = new Promise<void>((resolve) => client.on('connected', () => resolve()));
  const started = connected.then(() => eventually(async () => expect(graph.gateway.liveBoardsStarted()).toBeGreaterThan(before), 5_000, 20));
  // Boards a test expects to be refused never start: their waiting must not fail the suite unawaited.
  started.catch(() => undefined);
  const dispose = client.subscribe<{ ticketChanged: Change }>({ query, variables }, {
    next: (value) => (value.data ? received.push(value.data.ticketChanged) : errors.push(value.errors)),
    error: (error) => errors.push(error),
    complete: () => undefined,
  });
  return { received, errors, started, closed: () => closed, stop: async () => { dispose(); await client.dispose(); } };
}

const tokenFor = (role: Role, claims: Record<string, unknown> = {}) =>
  `Bearer ${issueToken({ sub: `board-${role}`, name: `Board ${role}`, roles: [role], propertyIds: ['*'], ...claims }, TEST_JWT_SECRET)}`;

describe('live ticket boards over graphql-ws through the gateway', () => {
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph();
    await graph.gateway.ready();
  });
  afterAll(() => graph?.stop());

  const open = (propertyId: string, unitId: string, reporterId: string, title: string, role = Role.FRONT_DESK, claims = {}) =>
    graph.as(role, claims)('mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }', {
      input: { propertyId, kind: 'REPAIR', channel: role === Role.RESIDENT ? 'APP' : 'PHONE', title, unitId, reporterId },
    }).then(ok);

  it('supervisor board: a ticket opened by another client arrives with unit { code } and reporter { name } from residents', async () => {
    const { propertyId, units } = await createTestProperty(graph, 1);
    const owner = await createTestResident(graph, units[0].id, '冯业主');
    const wall = board(graph, { authorization: tokenFor(Role.SUPERVISOR) }, { filter: { propertyId } });
    await wall.started;
    await open(propertyId, units[0].id, owner.id, '电梯异响');
    await eventually(async () => expect(wall.received).toHaveLength(1));
    expect(wall.received[0]).toMatchObject({ type: 'tickets.ticket.opened', ticket: { title: '电梯异响', status: 'NEW', unit: { code: units[0].code }, reporter: { name: '冯业主' } } });
    await wall.stop();
  });

  it("/metrics: how long after its commit a change arrived, was resolved and was sent to the boards", async () => {
    const count = async (stage: string) => Number(new RegExp(`^pm_gateway_live_board_lag_seconds_count\\{stage="${stage}"\\} (\\d+)$`, 'm').exec(await (await fetch(`${graph.gateway.internalUrl}/metrics`)).text())?.[1] ?? 0);
    const before = { arrived: await count('arrived'), resolved: await count('resolved'), sent: await count('sent') };
    const { propertyId, units } = await createTestProperty(graph, 1);
    const owner = await createTestResident(graph, units[0].id, '褚业主');
    const wall = board(graph, { authorization: tokenFor(Role.SUPERVISOR) }, { filter: { propertyId } });
    await wall.started;
    await open(propertyId, units[0].id, owner.id, '门禁失灵');
    await eventually(async () => expect(wall.received).toHaveLength(1));
    await eventually(async () => expect(await count('sent')).toBeGreaterThan(before.sent));
    expect(await count('arrived')).toBeGreaterThan(before.arrived);
    expect(await count('resolved')).toBeGreaterThan(before.resolved);
    expect(await (await fetch(`${graph.gateway.internalUrl}/metrics`)).text()).toMatch(/^# TYPE pm_gateway_live_board_lag_seconds histogram$/m);
    await wall.stop();
  });

  it('resident board: receives their own ticket and not another unit’s', async () => {
    const { propertyId, units } = await createTestProperty(graph, 2);
    const me = await createTestResident(graph, units[0].id, '褚业主');
    const other = await createTestResident(graph, units[1].id, '卫业主');
    const claims = { propertyIds: [propertyId], residentId: me.id, unitIds: [units[0].id] };
    const mine = board(graph, { authorization: tokenFor(Role.RESIDENT, claims) });
    await mine.started;
    await open(propertyId, units[1].id, other.id, '别人的报修');
    await open(propertyId, units[0].id, me.id, '我的报修', Role.RESIDENT, claims);
    await eventually(async () => expect(mine.received.map((c) => c.ticket.title)).toContain('我的报修'));
    expect(mine.received.map((c) => c.ticket.title)).toEqual(['我的报修']);
    await mine.stop();
  });

  it('a board that reconnects with after= receives what it missed, then live changes, nothing twice', async () => {
    const { propertyId, units } = await createTestProperty(graph, 1);
    const owner = await createTestResident(graph, units[0].id, '蒋业主');
    const params = { authorization: tokenFor(Role.FRONT_DESK) };
    const first = board(graph, params, { filter: { propertyId } });
    await first.started;
    await open(propertyId, units[0].id, owner.id, '一');
    await eventually(async () => expect(first.received).toHaveLength(1));
    await first.stop();

    await open(propertyId, units[0].id, owner.id, '二');
    await open(propertyId, units[0].id, owner.id, '三');
    const again = board(graph, params, { filter: { propertyId }, after: first.received[0].cursor });
    await eventually(async () => expect(again.received.map((c) => c.ticket.title)).toEqual(['二', '三']));
    await open(propertyId, units[0].id, owner.id, '四');
    await eventually(async () => expect(again.received.map((c) => c.ticket.title)).toEqual(['二', '三', '四']));
    await again.stop();
  });

  it('a board that reads its tickets, then subscribes after the position its connection was acknowledged with, misses nothing changed while it read', async () => {
    const { propertyId, units } = await createTestProperty(graph, 1);
    const owner = await createTestResident(graph, units[0].id, '沈业主');
    const params = { authorization: tokenFor(Role.SUPERVISOR) };
    // Before the board: already on the stream (another board has it), so not replayed.
    const watcher = board(graph, params, { filter: { propertyId } });
    await watcher.started;
    await open(propertyId, units[0].id, owner.id, '之前');
    await eventually(async () => expect(watcher.received).toHaveLength(1));

    const client: Client = createClient({ url: graph.url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: params, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined });
    const ack = await new Promise<{ cursor?: string } | undefined>((resolve) => client.on('connected', (_socket, payload) => resolve(payload as { cursor?: string })));
    expect(ack?.cursor).toEqual(expect.any(String));
    // Changes while the board reads its page (not subscribed yet): before, a board subscribing
    // without `after` never received them.
    await open(propertyId, units[0].id, owner.id, '读取时一');
    await open(propertyId, units[0].id, owner.id, '读取时二');
    await eventually(async () => expect(watcher.received).toHaveLength(3));
    const received: Change[] = [];
    const dispose = client.subscribe<{ ticketChanged: Change }>({ query: BOARD, variables: { filter: { propertyId }, after: ack!.cursor } }, {
      next: (value) => { if (value.data) received.push(value.data.ticketChanged); },
      error: () => undefined,
      complete: () => undefined,
    });
    await eventually(async () => expect(received.map((c) => c.ticket.title)).toEqual(['读取时一', '读取时二']));
    await open(propertyId, units[0].id, owner.id, '之后');
    await eventually(async () => expect(received.map((c) => c.ticket.title)).toEqual(['读取时一', '读取时二', '之后']));
    dispose();
    await client.dispose();
    await watcher.stop();
  });

  it('a burst reaches every board once and in order, each board seeing only what its caller may', async () => {
    const { propertyId, units } = await createTestProperty(graph, 2);
    const me = await createTestResident(graph, units[0].id, '韩业主');
    const other = await createTestResident(graph, units[1].id, '杨业主');
    const filter = { filter: { propertyId } };
    // Two supervisors' boards and a desk board (staff of the property: one resolution per change), one resident's.
    const walls = [board(graph, { authorization: tokenFor(Role.SUPERVISOR) }, filter), board(graph, { authorization: tokenFor(Role.SUPERVISOR) }, filter)];
    const desk = board(graph, { authorization: tokenFor(Role.FRONT_DESK) }, filter);
    const mine = board(graph, { authorization: tokenFor(Role.RESIDENT, { propertyIds: [propertyId], residentId: me.id, unitIds: [units[0].id] }) });
    await Promise.all([...walls, desk, mine].map((b) => b.started));
    // Opened all at once: later changes wait while earlier ones are resolved, and are resolved together.
    const titles = Array.from({ length: 12 }, (_, i) => `突发${i}`);
    await Promise.all(titles.map((title, i) => (i % 3 === 0 ? open(propertyId, units[0].id, me.id, title) : open(propertyId, units[1].id, other.id, title))));
    const seq = (cursor: string) => Number(Buffer.from(cursor, 'base64url').toString('utf8').split(':')[1]);
    for (const b of [...walls, desk]) {
      await eventually(async () => expect(b.received).toHaveLength(titles.length));
      expect([...b.received.map((c) => c.ticket.title)].sort()).toEqual([...titles].sort());
      const order = b.received.map((c) => seq(c.cursor));
      expect(order).toEqual([...order].sort((x, y) => x - y));
      expect(b.errors).toEqual([]);
    }
    // The two supervisors' boards got the same changes with the same content.
    expect(walls[1].received).toEqual(walls[0].received);
    const own = titles.filter((_, i) => i % 3 === 0);
    await eventually(async () => expect(mine.received).toHaveLength(own.length));
    expect(mine.received.map((c) => c.ticket.title).sort()).toEqual([...own].sort());
    expect(mine.received.every((c) => c.ticket.unit?.code === units[0].code && c.ticket.reporter?.name === '韩业主')).toBe(true);
    await Promise.all([...walls, desk, mine].map((b) => b.stop()));
  });

  it('boards of one caller with different filters or selections each get what theirs asks for', async () => {
    const [a, b] = await Promise.all([createTestProperty(graph, 1), createTestProperty(graph, 1)]);
    const owner = await createTestResident(graph, a.units[0].id, '齐业主');
    const ownerB = await createTestResident(graph, b.units[0].id, '鲁业主');
    const supervisor = { authorization: tokenFor(Role.SUPERVISOR) };
    const ofA = board(graph, supervisor, { filter: { propertyId: a.propertyId } });
    const ofB = board(graph, supervisor, { filter: { propertyId: b.propertyId } });
    const titlesOnly = board(graph, supervisor, { filter: { propertyId: a.propertyId } }, 'subscription($filter: TicketFilter) { ticketChanged(filter: $filter) { cursor type ticket { title } } }');
    await Promise.all([ofA, ofB, titlesOnly].map((x) => x.started));
    await open(a.propertyId, a.units[0].id, owner.id, '甲');
    await open(b.propertyId, b.units[0].id, ownerB.id, '乙');
    await eventually(async () => {
      expect(ofA.received.map((c) => c.ticket.title)).toEqual(['甲']);
      expect(ofB.received.map((c) => c.ticket.title)).toEqual(['乙']);
      expect(titlesOnly.received.map((c) => c.ticket)).toEqual([{ title: '甲' }]);
    });
    expect(ofA.received[0].ticket.unit?.code).toBe(a.units[0].code);
    await Promise.all([ofA, ofB, titlesOnly].map((x) => x.stop()));
  });

  it('staff of any role at the property share one resolution per change, unless their selection reaches a field that answers by role', async () => {
    const { propertyId, units } = await createTestProperty(graph, 1);
    const owner = await createTestResident(graph, units[0].id, '秦业主');
    const filter = { filter: { propertyId } };
    const staffOf = (role: Role) => ({ authorization: `Bearer ${issueToken({ sub: `share-${role}`, name: role, roles: [role], propertyIds: [propertyId] }, TEST_JWT_SECRET)}` });
    // A project manager's board that reaches no personal data is answered as everyone's: it shares too.
    const walls = [Role.FRONT_DESK, Role.SUPERVISOR, Role.ENGINEER, Role.SECURITY, Role.PROJECT_MANAGER].map((role) => board(graph, staffOf(role), filter));
    // Unit.occupancyHistory answers some roles and not others: those boards are resolved per role.
    const byRole = 'subscription($filter: TicketFilter) { ticketChanged(filter: $filter) { cursor type ticket { number title unit { code occupancyHistory { to } } } } }';
    const histories = [Role.FRONT_DESK, Role.SUPERVISOR].map((role) => board(graph, staffOf(role), filter, byRole));
    // Phones: masked alike for every other role (one resolution), unmasked and logged for the project manager as themselves (another).
    const phones = 'subscription($filter: TicketFilter) { ticketChanged(filter: $filter) { cursor type ticket { number contactPhone reporter { name phone } } } }';
    const [deskPhones, engineerPhones, managerPhones] = [Role.FRONT_DESK, Role.ENGINEER, Role.PROJECT_MANAGER].map((role) => board(graph, staffOf(role), filter, phones));
    const everyBoard = [...walls, ...histories, deskPhones, engineerPhones, managerPhones];
    await Promise.all(everyBoard.map((b) => b.started));
    const before = graph.gateway.liveBoardResolutions();
    ok(await graph.as(Role.FRONT_DESK)('mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }', {
      input: { propertyId, kind: 'REPAIR', channel: 'PHONE', title: '楼道灯坏了', unitId: units[0].id, reporterId: owner.id, contactPhone: '13912345678' },
    }));
    for (const b of everyBoard) await eventually(async () => expect(b.received).toHaveLength(1));
    expect(graph.gateway.liveBoardResolutions() - before).toBe(5);
    for (const b of walls) expect(b.received).toEqual(walls[0].received);
    expect(walls[0].received[0].ticket).toMatchObject({ title: '楼道灯坏了', unit: { code: units[0].code }, reporter: { name: '秦业主' } });
    expect(deskPhones.received).toEqual(engineerPhones.received);
    expect(deskPhones.received[0].ticket).toMatchObject({ contactPhone: '139****5678', reporter: { name: '秦业主', phone: expect.stringContaining('****') } });
    expect(managerPhones.received[0].ticket).toMatchObject({ contactPhone: '13912345678', reporter: { name: '秦业主', phone: expect.not.stringContaining('*') } });
    await Promise.all(everyBoard.map((b) => b.stop()));
  });

  it('a connection without a token or API key is refused', async () => {
    const anonymous = board(graph, {});
    await eventually(async () => expect(anonymous.closed()?.code).toBe(4403));
    await anonymous.stop();
  });
});

describe('a live board that falls behind', () => {
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph({ SUBSCRIPTION_BUFFER: '1', SUBSCRIPTION_BACKLOG: '1' });
    await graph.gateway.ready();
  });
  afterAll(() => graph?.stop());

  it('is disconnected with a clear reason once more changes wait for it than the backlog allows', async () => {
    const { propertyId, units } = await createTestProperty(graph, 1);
    const wall = board(graph, { authorization: tokenFor(Role.SUPERVISOR) }, { filter: { propertyId } });
    await wall.started;
    const desk = graph.as(Role.FRONT_DESK);
    await Promise.all(Array.from({ length: 8 }, (_, i) =>
      desk('mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }', { input: { propertyId, kind: 'INQUIRY', channel: 'PHONE', title: `咨询${i}`, unitId: units[0].id } }),
    ));
    await eventually(async () => expect(wall.closed()).toEqual({ code: 4429, reason: expect.stringMatching(/reconnect with after/) }));
    await wall.stop();
  });
});

describe('a live board the gateway itself is behind on (issue 14)', () => {
  let graph: TestGraph;

  beforeAll(async () => {
    // Five changes of unread socket allowed; the gateway's own backlog at its default.
    graph = await startTestGraph({ SUBSCRIPTION_BUFFER: '5' });
    await graph.gateway.ready();
  });
  afterAll(() => graph?.stop());

  it('stays open and receives every change while more of them wait on the gateway\'s resolutions than its socket buffer holds', async () => {
    const { propertyId, units } = await createTestProperty(graph, 1);
    const wall = board(graph, { authorization: tokenFor(Role.SUPERVISOR) }, { filter: { propertyId } });
    await wall.started;
    const desk = graph.as(Role.FRONT_DESK);
    await Promise.all(Array.from({ length: 12 }, (_, i) =>
      desk('mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }', { input: { propertyId, kind: 'INQUIRY', channel: 'PHONE', title: `咨询${i}`, unitId: units[0].id } }).then(ok),
    ));
    await eventually(async () => expect(wall.received).toHaveLength(12));
    expect(wall.closed()).toBeUndefined();
    expect(wall.errors).toEqual([]);
    await wall.stop();
  });
});
