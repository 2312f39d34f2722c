import { randomUUID } from 'node:crypto';

import { Role } from '@pm/identity';
import { parseEnvironment } from '@pm/runtime';
import { firstError, ok, startTestSubgraph, testIdentity, type TestSubgraph, waitForEvent } from '@pm/testing';
import fc from 'fast-check';
import { Client } from 'pg';

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

  it('a page, and a unit\'s first page, answer each ticket as ticket(id:) does, whatever its nodes select (a page reads only the columns they need)', async () => {
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
      // The unit's first page (Unit.tickets, read for every unit of a request at once) answers the same, cursors included.
      const { _entities } = ok(await desk()<{ _entities: { tickets: { pageInfo: unknown; edges: unknown[] } }[] }>(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Unit { tickets(first: 3) { pageInfo { hasNextPage endCursor } edges { cursor node { id ${selection} } } } } } }`,
        { r: [{ __typename: 'Unit', id: unitId }, { __typename: 'Unit', id: randomUUID() }] },
      ));
      expect(_entities[0].tickets).toEqual({ pageInfo: { hasNextPage: true, endCursor: tickets.edges[2].cursor }, edges: tickets.edges.slice(0, 3) });
      expect(_entities[1].tickets).toEqual({ pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
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

  it('totalCount of a filtered list is the count of its tickets, however they were written: opened, dispatched, bulk-inserted, updated or deleted in SQL', async () => {
    const db = () => subgraph.service.orm.em.fork().getConnection();
    const KINDS = ['REPAIR', 'COMPLAINT', 'REQUEST', 'INQUIRY'];
    const STATUSES = ['NEW', 'DISPATCHED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'];
    const DEPARTMENTS = ['ENGINEERING', 'SECURITY', 'CLEANING'];
    const SEVERITIES = ['MINOR', 'MAJOR'];
    const property = fc.integer({ min: 0, max: 1 });
    const write = fc.oneof(
      fc.record({ op: fc.constant('open' as const), property, kind: fc.constantFrom(...KINDS) }),
      fc.record({ op: fc.constant('dispatch' as const), property, department: fc.constantFrom(...DEPARTMENTS) }),
      fc.record({ op: fc.constant('insert' as const), property, n: fc.integer({ min: 1, max: 40 }), seed: fc.nat(100), bulk: fc.boolean() }),
      fc.record({
        op: fc.constant('update' as const), property, n: fc.integer({ min: 1, max: 10 }), seed: fc.nat(100),
        set: fc.oneof(
          fc.constantFrom(...STATUSES).map((v) => ['status', `'${v}'::ticket_status`]),
          fc.constantFrom(...DEPARTMENTS, null).map((v) => ['department', v ? `'${v}'::department` : 'null']),
          fc.constantFrom(...SEVERITIES, null).map((v) => ['severity', v ? `'${v}'::complaint_severity` : 'null']),
          fc.boolean().map((v) => ['breached', String(v)]),
          fc.constant(['title', `'改了标题'`]),
        ),
      }),
      fc.record({ op: fc.constant('delete' as const), property, n: fc.integer({ min: 1, max: 10 }), seed: fc.nat(100) }),
    );
    const filter = fc.record({
      property: fc.option(property, { nil: undefined }),
      kind: fc.option(fc.constantFrom(...KINDS), { nil: undefined }),
      status: fc.option(fc.subarray(STATUSES, { minLength: 1 }), { nil: undefined }),
      department: fc.option(fc.constantFrom(...DEPARTMENTS), { nil: undefined }),
      severity: fc.option(fc.constantFrom(...SEVERITIES), { nil: undefined }),
      breached: fc.option(fc.boolean(), { nil: undefined }),
    }, { requiredKeys: [] });

    await fc.assert(fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 8 }), fc.array(filter, { minLength: 1, maxLength: 4 }), async (writes, filters) => {
      // Two properties of its own each run: a counterexample is its own writes, not what earlier runs left.
      const properties = [randomUUID(), randomUUID()];
      const both = subgraph.as(testIdentity(Role.FRONT_DESK, { propertyIds: properties }));
      /** A few of a property's tickets, chosen by the seed. */
      const some = (i: number, n: number, seed: number) => `select id from ticket where property_id = '${properties[i]}' order by md5(id::text || '${seed}') limit ${n}`;
      for (const w of writes) {
        if (w.op === 'open') ok(await both(OPEN, { input: { propertyId: properties[w.property], kind: w.kind, channel: 'PHONE', title: '计数', unitId: randomUUID() } }));
        else if (w.op === 'dispatch') {
          const [row] = await db().execute<{ id: string }[]>(`select id from ticket where property_id = ? and status = 'NEW' limit 1`, [properties[w.property]]);
          if (row) ok(await both('mutation($id: ID!, $d: Department!) { dispatchTicket(id: $id, department: $d) { id } }', { id: row.id, d: w.department }));
        } else if (w.op === 'insert') {
          // A bulk load's statements are tallied once each (pm.ticket_tally), others row by row.
          await subgraph.service.orm.em.getKnex().transaction(async (trx) => {
            if (w.bulk) await trx.raw(`select set_config('pm.ticket_tally', 'statement', true)`);
            await trx.raw(`
              insert into ticket (id, number, property_id, kind, channel, status, title, opened_by, created_at, department, severity, breached)
              select gen_random_uuid(), 'TT-' || gen_random_uuid(), ?, (array['REPAIR','COMPLAINT','REQUEST','INQUIRY'])[1 + (g + ?) % 4]::ticket_kind, 'PHONE',
                     (array['NEW','DISPATCHED','IN_PROGRESS','RESOLVED','CLOSED'])[1 + (g * 7 + ?) % 5]::ticket_status, '批量', 'test', now(),
                     (array['ENGINEERING','SECURITY',null])[1 + (g + ?) % 3]::department, (array['MINOR','MAJOR',null])[1 + g % 3]::complaint_severity, g % 4 = 0
                from generate_series(1, ?) g`, [properties[w.property], w.seed, w.seed, w.seed, w.n]);
          });
        } else if (w.op === 'update') await db().execute(`update ticket set ${w.set[0]} = ${w.set[1]} where id in (${some(w.property, w.n, w.seed)})`);
        else await db().execute(`delete from ticket where id in (${some(w.property, w.n, w.seed)})`);
      }
      // The tally holds exactly what a count of the table says, group by group.
      const dimensions = 'property_id, kind, status, department, severity, breached';
      const inProperties = `property_id in ('${properties.join("','")}')`;
      const tallied = await db().execute(`select ${dimensions}, sum(tickets)::int as n from ticket_tally where ${inProperties} group by ${dimensions} having sum(tickets) <> 0 order by ${dimensions}`);
      const counted = await db().execute(`select ${dimensions}, count(*)::int as n from ticket where ${inProperties} group by ${dimensions} order by ${dimensions}`);
      expect(tallied).toEqual(counted);
      for (const { property: p, ...rest } of filters) {
        const f = { ...rest, propertyId: p === undefined ? undefined : properties[p] };
        const { tickets } = ok(await both<{ tickets: { totalCount: number } }>('query($f: TicketFilter) { tickets(filter: $f, first: 1) { totalCount } }', { f }));
        const conditions = [inProperties];
        const values: unknown[] = [];
        for (const [column, value] of Object.entries({ property_id: f.propertyId, kind: f.kind, department: f.department, severity: f.severity, breached: f.breached })) {
          if (value === undefined) continue;
          conditions.push(`${column} = ?`);
          values.push(value);
        }
        if (f.status) conditions.push(`status in (${f.status.map((s) => `'${s}'`).join(', ')})`);
        const [{ n }] = await db().execute<{ n: number }[]>(`select count(*)::int as n from ticket where ${conditions.join(' and ')}`, values);
        expect(tickets.totalCount).toBe(n);
      }
    }), { numRuns: 25 });
  });

  it('the tally stays exact, without deadlocks, while 32 connections (two to a slot) move the same tickets both ways at once', async () => {
    const property = randomUUID();
    const db = subgraph.service.orm.em.fork().getConnection();
    const ids = (await db.execute<{ id: string }[]>(`
      insert into ticket (id, number, property_id, kind, channel, status, title, opened_by, created_at, breached)
      select gen_random_uuid(), 'TC-' || gen_random_uuid(), ?, 'REPAIR', 'PHONE', 'NEW', '来回', 'test', now(), false from generate_series(1, 20) returning id`, [property])).map((r) => r.id);
    const clients = Array.from({ length: 32 }, () => new Client({ connectionString: subgraph.service.orm.config.get('clientUrl') }));
    await Promise.all(clients.map((c) => c.connect()));
    try {
      // Each statement its own transaction: NEW → DISPATCHED on one ticket while another goes back.
      await Promise.all(clients.map(async (client, c) => {
        for (let i = 0; i < 60; i++) {
          await client.query(`update ticket set status = case when status = 'NEW' then 'DISPATCHED'::ticket_status else 'NEW' end, breached = not breached where id = $1`, [ids[(c * 7 + i * 3) % ids.length]]);
        }
      }));
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
    const dimensions = 'kind, status, department, severity, breached';
    const tallied = await db.execute(`select ${dimensions}, sum(tickets)::int as n from ticket_tally where property_id = ? group by ${dimensions} having sum(tickets) <> 0 order by ${dimensions}`, [property]);
    const counted = await db.execute(`select ${dimensions}, count(*)::int as n from ticket where property_id = ? group by ${dimensions} order by ${dimensions}`, [property]);
    expect(tallied).toEqual(counted);
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

  it('gateway: units asking only for their tickets’ totalCount read no tickets: one statement, counted as the caller may see them', async () => {
    const unitId = randomUUID();
    for (const title of ['只数 1', '只数 2']) ok(await createTestTicket({ unitId, title }));
    const representations = [{ __typename: 'Unit', id: unitId }, { __typename: 'Unit', id: randomUUID() }];
    type Counts = { _entities: { tickets: { totalCount: number }; repairs?: { __typename: string; totalCount: number } }[] };
    const COUNTS = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Unit { tickets { totalCount } repairs: tickets(status: [NEW]) { __typename ...Total } } } } fragment Total on TicketConnection { totalCount }';

    const before = await sqlForGraphQL();
    const { _entities } = ok(await desk()<Counts>(COUNTS, { r: representations }));
    // One statement per status filter, for every unit of the request; no page of tickets.
    expect((await sqlForGraphQL()) - before).toBe(2);
    expect(_entities).toEqual([
      { tickets: { totalCount: 2 }, repairs: { __typename: 'TicketConnection', totalCount: 2 } },
      { tickets: { totalCount: 0 }, repairs: { __typename: 'TicketConnection', totalCount: 0 } },
    ]);

    // The same number as the paged way gives, and none for staff of another property.
    const paged = ok(await desk()<{ _entities: { tickets: { totalCount: number; edges: unknown[] } }[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Unit { tickets { totalCount edges { cursor } } } } }', { r: representations },
    ));
    expect(paged._entities.map((e) => [e.tickets.totalCount, e.tickets.edges.length])).toEqual([[2, 2], [0, 0]]);
    const elsewhere = subgraph.as(testIdentity(Role.FRONT_DESK, { propertyIds: [randomUUID()] }));
    expect(ok(await elsewhere<Counts>(COUNTS, { r: representations }))._entities.map((e) => e.tickets.totalCount)).toEqual([0, 0]);
    expect(firstError(await elsewhere(COUNTS.replace('tickets { totalCount }', 'tickets(first: 0) { totalCount }'), { r: representations })).code).toBe('BAD_USER_INPUT');
  });

  /** SQL statements the subgraph has run for GraphQL requests so far (from /metrics). */
  async function sqlForGraphQL(): Promise<number> {
    const metrics = await (await fetch(`${subgraph.service.internalUrl}/metrics`)).text();
    return Number(/^pm_graphql_db_queries_total\{[^}]*\} (\d+)$/m.exec(metrics)?.[1]);
  }
});
