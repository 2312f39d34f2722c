import { randomUUID } from 'node:crypto';

import { Role } from '@pm/identity';
import { parseEnvironment } from '@pm/runtime';
import { firstError, ok, startTestSubgraph, testIdentity, type TestSubgraph, waitForEvent } from '@pm/testing';
import fc from 'fast-check';

import { startTickets, ticketsEnvironment } from '../src';

const OPEN = 'mutation($input: OpenTicketInput!) { openTicket(input: $input) { id number kind status urgency unit { id } reporter { id } history { from to by note } } }';

describe('tickets subgraph', () => {
  let subgraph: TestSubgraph<Awaited<ReturnType<typeof startTickets>>>;
  const propertyId = randomUUID();
  const desk = () => subgraph.as(testIdentity(Role.FRONT_DESK, { name: '王芳', propertyIds: [propertyId] }));

  /** A ticket opened at the desk, with defaults a test can override. */
  const createTestTicket = (input: Record<string, unknown> = {}) =>
    desk()<{ openTicket: { id: string } & Record<string, unknown> }>(OPEN, { input: { propertyId, kind: 'REPAIR', channel: 'PHONE', title: '水管漏水', unitId: randomUUID(), ...input } });

  beforeAll(async () => {
    subgraph = await startTestSubgraph('tickets', (s) => parseEnvironment(ticketsEnvironment, s), startTickets);
  });
  afterAll(() => subgraph?.stop());

  it('front desk: a repair is registered NEW with a number, NORMAL urgency and its first history entry', async () => {
    const unitId = randomUUID();
    const { openTicket } = ok(await createTestTicket({ unitId }));
    expect(openTicket).toMatchObject({
      number: expect.stringMatching(/^GD-\d{8}-\d{5}$/),
      kind: 'REPAIR',
      status: 'NEW',
      urgency: 'NORMAL',
      unit: { id: unitId },
      reporter: null,
      history: [{ from: null, to: 'NEW', by: '王芳', note: 'registered via PHONE' }],
    });
  });

  it('a page answers each ticket as ticket(id:) does, whatever its nodes select (a page reads only the columns they need)', async () => {
    const unitId = randomUUID();
    for (const input of [{ title: '一', reporterId: randomUUID(), contactPhone: '13912345678' }, { title: '二', kind: 'COMPLAINT', urgency: undefined }, { title: '三', description: '楼上漏水' }]) {
      ok(await createTestTicket({ unitId, ...input }));
    }
    ok(await desk()('mutation($input: PatrolFindingInput!) { raisePatrolFinding(input: $input) { id } }', {
      input: { propertyId, unitId, roundId: randomUUID(), location: '2号楼 5F 消防通道', title: '消防通道堆物' },
    }));
    const fields = [
      'number', 'kind', 'channel', 'status', 'title', 'description', 'urgency', 'department', 'assignee', 'createdAt', 'dispatchedAt', 'unit { id }',
      'reporter { id }', 'contactPhone', 'sla { resolveBy breached }', 'verificationOverdue', 'history { to by }', 'patrolRound { id }', 'location', '__typename',
    ];
    await fc.assert(fc.asyncProperty(fc.subarray(fields, { minLength: 1 }), async (selected) => {
      const selection = selected.join(' ');
      const { tickets } = ok(await desk()<{ tickets: { edges: { cursor: string; node: { id: string } }[] } }>(
        `query($p: ID!, $u: ID!) { tickets(filter: { propertyId: $p, unitId: $u }, first: 10) { edges { cursor node { id ${selection} } } } }`, { p: propertyId, u: unitId },
      ));
      expect(tickets.edges).toHaveLength(4);
      for (const { node } of tickets.edges) {
        const { ticket } = ok(await desk()<{ ticket: unknown }>(`query($id: ID!) { ticket(id: $id) { id ${selection} } }`, { id: node.id }));
        expect(node).toEqual(ticket);
      }
    }), { numRuns: 30, seed: 14 });
  });

  it('front desk: a request sent again with its requestId returns the ticket it opened, even sent twice at once (issue 16)', async () => {
    const requestId = randomUUID();
    const unitId = randomUUID();
    const first = ok(await createTestTicket({ unitId, requestId })).openTicket;
    const again = ok(await createTestTicket({ unitId, requestId })).openTicket;
    expect(again).toEqual(first);
    // Two copies in flight together (a client retrying over a dropped connection): one ticket.
    const racing = randomUUID();
    const both = await Promise.all([createTestTicket({ requestId: racing }), createTestTicket({ requestId: racing })]);
    expect(new Set(both.map((r) => ok(r).openTicket.id)).size).toBe(1);
    const rows = await subgraph.service.orm.em.fork().getConnection().execute('select count(*) as n from ticket where request_id in (?, ?)', [requestId, racing]);
    expect(Number(rows[0].n)).toBe(2);
    // Reused for another property's request: refused, naming the field.
    const elsewhere = randomUUID();
    const other = subgraph.as(testIdentity(Role.FRONT_DESK, { propertyIds: [elsewhere] }));
    expect(firstError(await other(OPEN, { input: { propertyId: elsewhere, kind: 'REPAIR', channel: 'PHONE', title: '水管漏水', requestId } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'requestId' });
  });

  it('front desk: opening a ticket publishes tickets.ticket.opened through the outbox', async () => {
    const since = new Date(Date.now() - 1000);
    const { openTicket } = ok(await createTestTicket({ urgency: 'EMERGENCY', title: '水管爆裂' }));
    const event = await waitForEvent('pm.tickets.ticket.opened', since, (e) => e.aggregateId === openTicket.id);
    expect(event).toMatchObject({ type: 'tickets.ticket.opened', version: 1, source: 'tickets', actor: 'test-front_desk', payload: { ticketId: openTicket.id, propertyId, kind: 'REPAIR', urgency: 'EMERGENCY', status: 'NEW' } });
  });

  it('front desk: urgency on a complaint is BAD_USER_INPUT naming urgency; an empty title names title', async () => {
    expect(firstError(await createTestTicket({ kind: 'COMPLAINT', urgency: 'EMERGENCY' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'urgency' });
    expect(firstError(await createTestTicket({ title: '' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
  });

  it('front desk: may not register tickets for a property they do not work for', async () => {
    const response = await createTestTicket({ propertyId: randomUUID() });
    expect(firstError(response).code).toBe('FORBIDDEN');
  });

  it('supervisor: lists tickets newest first, filtered by kind and status, page by page without gaps', async () => {
    const own = randomUUID();
    for (const title of ['一', '二', '三', '四', '五']) ok(await createTestTicket({ title, kind: 'REQUEST', unitId: own }));
    ok(await createTestTicket({ title: '别的单元', kind: 'COMPLAINT', unitId: own }));
    const supervisor = subgraph.as(testIdentity(Role.SUPERVISOR, { propertyIds: [propertyId] }));
    type Page = { tickets: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { title: string } }[] } };
    const titles: string[] = [];
    let after: string | null = null;
    do {
      const page: Page = ok(await supervisor<Page>(
        'query($f: TicketFilter, $after: String) { tickets(filter: $f, first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { title } } } }',
        { f: { unitId: own, kind: 'REQUEST', status: ['NEW'] }, after },
      ));
      expect(page.tickets.totalCount).toBe(5);
      titles.push(...page.tickets.edges.map((e) => e.node.title));
      after = page.tickets.pageInfo.hasNextPage ? page.tickets.pageInfo.endCursor : null;
    } while (after);
    expect(titles).toEqual(['五', '四', '三', '二', '一']);
  });

  it('security: may register a patrol finding but not a complaint', async () => {
    const guard = subgraph.as(testIdentity(Role.SECURITY, { propertyIds: [propertyId] }));
    ok(await guard(OPEN, { input: { propertyId, kind: 'PATROL_FINDING', channel: 'PATROL', title: '消防通道被占用' } }));
    expect(firstError(await guard(OPEN, { input: { propertyId, kind: 'COMPLAINT', channel: 'PHONE', title: '投诉' } })).code).toBe('FORBIDDEN');
  });

  it('gateway: a batch of 100 unit references is resolved in one call, each with its tickets', async () => {
    const unitId = randomUUID();
    const other = randomUUID();
    for (const title of ['批量 1', '批量 2', '批量 3']) ok(await createTestTicket({ unitId, title }));
    ok(await createTestTicket({ unitId: other, title: '另一户' }));
    const representations = [{ __typename: 'Unit', id: unitId }, { __typename: 'Unit', id: other }, ...Array.from({ length: 98 }, () => ({ __typename: 'Unit', id: randomUUID() }))];
    const queriesBefore = await sqlForGraphQL();
    const { _entities } = ok(await desk()<{ _entities: { tickets: { totalCount: number; pageInfo: { hasNextPage: boolean }; edges: { node: { title: string } }[] } }[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Unit { tickets(first: 2) { totalCount pageInfo { hasNextPage } edges { node { title } } } } } }',
      { r: representations },
    ));
    // One statement for every unit's first page, one for every unit's total.
    expect((await sqlForGraphQL()) - queriesBefore).toBe(2);
    expect(_entities).toHaveLength(100);
    expect(_entities[0].tickets).toEqual({ totalCount: 3, pageInfo: { hasNextPage: true }, edges: [{ node: { title: '批量 3' } }, { node: { title: '批量 2' } }] });
    expect(_entities[1].tickets).toEqual({ totalCount: 1, pageInfo: { hasNextPage: false }, edges: [{ node: { title: '另一户' } }] });
    expect(_entities[2].tickets.totalCount).toBe(0);
  });

  /** SQL statements the subgraph has run for GraphQL requests so far (from /metrics). */
  async function sqlForGraphQL(): Promise<number> {
    const metrics = await (await fetch(`${subgraph.service.internalUrl}/metrics`)).text();
    return Number(/^pm_graphql_db_queries_total\{[^}]*\} (\d+)$/m.exec(metrics)?.[1]);
  }
});
