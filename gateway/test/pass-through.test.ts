import { issueToken, Role } from '@pm/identity';
import { createLogger } from '@pm/runtime';
import { ok } from '@pm/testing';

import { type RunningGateway, startGateway } from '../src/server';
import { createTestProperty, createTestResident } from './factories';
import { startTestGraph, TEST_JWT_SECRET, type TestGraph } from './graph';

/**
 * Answers a subgraph gives to one query as the caller wrote it go on as their text (issue 14,
 * execution/pass-through.ts). What a caller reads must not change: every answer here is compared,
 * byte for byte, with a second gateway over the same subgraphs that rebuilds every answer.
 */
describe('answers passed through as text', () => {
  let graph: TestGraph;
  let rebuilding: RunningGateway;
  let propertyId: string;
  let units: { id: string; code: string }[];
  let residentId: string;

  const token = (role: Role, claims: Record<string, unknown> = {}) => issueToken({ sub: `pass-${role}`, name: `Pass ${role}`, roles: [role], propertyIds: ['*'], ...claims }, TEST_JWT_SECRET);
  const post = async (url: string, authorization: string, query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${authorization}` }, body: JSON.stringify({ query, variables }) });
    return { status: response.status, text: await response.text() };
  };
  const metric = async (name: string, base = graph.gateway.internalUrl) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)$`, 'm').exec(await (await fetch(`${base}/metrics`)).text())?.[1] ?? NaN);
  const ticketsServed = () => metric('pm_graphql_requests_total', graph.services.tickets.internalUrl);
  const residentsServed = () => metric('pm_graphql_requests_total', graph.services.residents.internalUrl);

  /** The query through both gateways: the same status and text; whether the first sent the subgraph's text on. */
  async function both(authorization: string, query: string, variables: Record<string, unknown> = {}) {
    const before = await metric('pm_gateway_answers_passed_through_total');
    const passing = await post(graph.url, authorization, query, variables);
    const passed = (await metric('pm_gateway_answers_passed_through_total')) - before;
    const rebuilt = await post(rebuilding.url, authorization, query, variables);
    expect({ query, status: passing.status, text: passing.text }).toEqual({ query, status: rebuilt.status, text: rebuilt.text });
    return { passed, text: passing.text };
  }

  beforeAll(async () => {
    graph = await startTestGraph();
    rebuilding = await startGateway({ ...graph.env, PASS_THROUGH_ANSWERS: false, MERGE_ENTITY_FETCHES: false, MIGRATE_ON_BOOT: false }, createLogger('gateway-rebuilding', graph.env.LOG_LEVEL));
    ({ propertyId, units } = await createTestProperty(graph, 3));
    residentId = (await createTestResident(graph, units[0].id, '业主"引号"\\反斜杠')).id;
    const desk = graph.as(Role.FRONT_DESK);
    // Text a serializer could get wrong: quotes, backslashes, a key-like text, Chinese, emoji, control characters (in a description).
    const titles = ['漏水 "厨房"', 'C:\\路径\\文件', 'text "errors": [1] and "extensions": {}', '电梯故障 🛗', '第二行在描述里', '</script><b>'];
    for (const [i, title] of titles.entries()) {
      ok(await desk('mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }', {
        input: { propertyId, kind: i % 2 ? 'COMPLAINT' : 'REPAIR', channel: 'PHONE', title, unitId: units[i % 3].id, description: i === 4 ? 'tab\there\nnewline "quoted" \\ \u2028 end' : null, ...(i === 0 ? { reporterId: residentId } : {}) },
      }));
    }
  }, 90_000);

  afterAll(async () => {
    await rebuilding?.close();
    await graph?.stop();
  });

  it('sends a page of one subgraph on as the subgraph wrote it, with aliases, variables, nulls and odd text', async () => {
    const supervisor = token(Role.SUPERVISOR);
    const page = await both(supervisor, 'query Page($p: ID!, $n: Int) { tickets(filter: { propertyId: $p }, first: $n) { totalCount edges { cursor node { id number kind title status createdAt resolvedAt department } } pageInfo { hasNextPage endCursor } } }', { p: propertyId, n: 4 });
    expect(page.passed).toBe(1);
    expect(JSON.parse(page.text).data.tickets.edges).toHaveLength(4);
    const aliased = await both(supervisor, 'query($p: ID!) { first: tickets(filter: { propertyId: $p }, first: 2) { edges { node { n: number t: title } } } rest: tickets(filter: { propertyId: $p, kind: COMPLAINT }) { totalCount } }', { p: propertyId });
    expect(aliased.passed).toBe(1);
    const all = await both(supervisor, '{ tickets(first: 50) { edges { node { title description } } } }');
    expect(all.passed).toBe(1);
    const nodes = JSON.parse(all.text).data.tickets.edges.map((e: { node: { title: string; description: string | null } }) => e.node);
    expect(nodes.map((n: { title: string }) => n.title)).toEqual(expect.arrayContaining(['text "errors": [1] and "extensions": {}', '电梯故障 🛗']));
    expect(nodes.map((n: { description: string | null }) => n.description)).toContain('tab\there\nnewline "quoted" \\ \u2028 end');
  });

  it('masks personal data exactly as before: desk staff see a masked phone through the pass-through', async () => {
    const desk = token(Role.FRONT_DESK);
    const resident = await both(desk, 'query($id: ID!) { resident(id: $id) { name phone kind } }', { id: residentId });
    expect(resident.passed).toBe(1);
    expect(resident.text).not.toContain('13812345678');
    expect(JSON.parse(resident.text).data.resident.name).toBe('业主"引号"\\反斜杠');
    // A resident's list holds only their own unit's tickets, whichever unit they ask for.
    const own = token(Role.RESIDENT, { kind: 'resident', residentId: '01a20000-0000-7000-8000-00000000beef', unitIds: [units[1].id] });
    const other = await both(own, 'query($u: ID!) { tickets(filter: { unitId: $u }) { edges { node { title } } } }', { u: units[0].id });
    expect(other.passed).toBe(1);
    expect(JSON.parse(other.text).data.tickets.edges).toEqual([]);
  });

  it('rebuilds what needs the gateway: several subgraphs, fragments, directives, a root __typename', async () => {
    const supervisor = token(Role.SUPERVISOR);
    const queries: [string, Record<string, unknown>][] = [
      ['query($p: ID!) { tickets(filter: { propertyId: $p }, first: 3) { edges { node { number unit { code building { name } } reporter { name } } } } }', { p: propertyId }],
      ['query($p: ID!) { tickets(filter: { propertyId: $p }, first: 3) { edges { node { ...card } } } } fragment card on Ticket { number title }', { p: propertyId }],
      ['query($p: ID!, $with: Boolean!) { tickets(filter: { propertyId: $p }, first: 3) { edges { node { number title @include(if: $with) } } } }', { p: propertyId, with: false }],
      ['query($p: ID!) { __typename tickets(filter: { propertyId: $p }, first: 1) { totalCount } }', { p: propertyId }],
      ['query($code: String!, $p: ID!) { unitByCode(propertyId: $p, code: $code) { code residents { name } tickets { totalCount } parkingLeases { plate } } }', { p: propertyId, code: units[0].code }],
    ];
    for (const [query, variables] of queries) expect((await both(supervisor, query, variables)).passed).toBe(0);
  });

  it('entity fetches of one request to one subgraph go as one operation, and the answer reads as two fetches give it', async () => {
    // unit { … } and reporter { … } are two _entities fetches to residents in the query plan.
    const page = 'query($p: ID!) { tickets(filter: { propertyId: $p }, first: 6) { edges { node { number unit { code building { name } } reporter { name phone } } } } }';
    for (const caller of [token(Role.SUPERVISOR), token(Role.FRONT_DESK), token(Role.RESIDENT, { propertyIds: [propertyId], residentId, unitIds: [units[0].id] })]) {
      const served = await residentsServed();
      const merging = await post(graph.url, caller, page, { p: propertyId });
      const once = (await residentsServed()) - served;
      const separate = await post(rebuilding.url, caller, page, { p: propertyId });
      expect(merging).toEqual(separate);
      expect(JSON.parse(merging.text).errors).toBeUndefined();
      expect(once).toBe(1);
      expect((await residentsServed()) - served - once).toBe(once * 2);
    }
  });

  it('an answer with errors is read the ordinary way, from the one request the subgraph answered', async () => {
    const supervisor = token(Role.SUPERVISOR);
    const cases: [string, string, Record<string, unknown>][] = [
      // Refused by the tickets subgraph's own checks (BAD_USER_INPUT): a page too large, a period backwards, a forged cursor.
      [supervisor, 'query($p: ID!) { tickets(filter: { propertyId: $p }, first: 201) { totalCount } }', { p: propertyId }],
      [supervisor, 'query($p: ID!) { tickets(filter: { propertyId: $p, createdFrom: "2026-12-02T00:00:00Z", createdTo: "2026-12-01T00:00:00Z" }) { totalCount } }', { p: propertyId }],
      [supervisor, 'query($p: ID!) { tickets(filter: { propertyId: $p }, after: "bm90LWEtY3Vyc29y") { edges { node { title } } } }', { p: propertyId }],
    ];
    for (const [caller, query, variables] of cases) {
      const served = await ticketsServed();
      const answer = await both(caller, query, variables);
      expect({ query, passed: answer.passed, errors: Boolean(JSON.parse(answer.text).errors?.length) }).toEqual({ query, passed: 0, errors: true });
      // One request from the gateway under test, one from the rebuilding gateway: nothing asked twice.
      expect((await ticketsServed()) - served).toBe(2);
    }
  });

  describe('prepared reads: a query run before, served without Apollo Server\'s pipeline', () => {
    const PAGE = 'query Page($p: ID!, $n: Int) { tickets(filter: { propertyId: $p }, first: $n) { edges { node { number title status } } } }';
    const prepared = () => metric('pm_gateway_prepared_reads_total');
    /** Both gateways, any body and headers: status, content type and text must match. */
    const raw = async (headers: Record<string, string>, body: string) => {
      const send = async (url: string) => {
        const response = await fetch(url, { method: 'POST', headers, body });
        return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
      };
      const before = await prepared();
      const answer = await send(graph.url);
      const usedPrepared = (await prepared()) - before;
      expect(answer).toEqual(await send(rebuilding.url));
      return { ...answer, prepared: usedPrepared };
    };
    const json = (authorization: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${authorization}` });

    it('answers the same text the second time, without Apollo Server, for staff and residents alike', async () => {
      const cases: [string, string, Record<string, unknown>][] = [
        [token(Role.SUPERVISOR), PAGE, { p: propertyId, n: 3 }],
        // Masked for the desk, the same on both paths.
        [token(Role.FRONT_DESK), 'query Who($id: ID!) { resident(id: $id) { name phone kind } }', { id: residentId }],
        // A resident asking for another unit's tickets gets none, prepared or not.
        [token(Role.RESIDENT, { kind: 'resident', residentId: '01a20000-0000-7000-8000-00000000beef', unitIds: [units[1].id] }), 'query Mine($u: ID!) { tickets(filter: { unitId: $u }) { edges { node { title } } } }', { u: units[0].id }],
      ];
      for (const [caller, query, variables] of cases) {
        const body = JSON.stringify({ query, variables });
        const first = await raw(json(caller), body);
        const second = await raw(json(caller), body);
        expect({ query, first: first.prepared, second: second.prepared, same: second.text === first.text }).toEqual({ query, first: 0, second: 1, same: true });
      }
      // Other variables and another caller take the prepared read too; their own answers, not the first caller's.
      const other = await raw(json(token(Role.RESIDENT, { kind: 'resident', residentId, unitIds: [units[0].id] })), JSON.stringify({ query: cases[2][1], variables: { u: units[0].id } }));
      expect(other.prepared).toBe(1);
      expect(JSON.parse(other.text).data.tickets.edges.length).toBeGreaterThan(0);
      const smaller = await raw(json(token(Role.SUPERVISOR)), JSON.stringify({ query: PAGE, variables: { p: propertyId, n: 1 } }));
      expect([smaller.prepared, JSON.parse(smaller.text).data.tickets.edges.length]).toEqual([1, 1]);
    });

    it('leaves to Apollo Server every request it would answer otherwise, with the same words', async () => {
      const supervisor = token(Role.SUPERVISOR);
      await raw(json(supervisor), JSON.stringify({ query: PAGE, variables: { p: propertyId, n: 2 } }));
      const cases: [string, Record<string, string>, string][] = [
        ['a variable of the wrong type', json(supervisor), JSON.stringify({ query: PAGE, variables: { p: propertyId, n: 'two' } })],
        ['a required variable missing', json(supervisor), JSON.stringify({ query: PAGE, variables: { n: 2 } })],
        ['variables as a JSON string', json(supervisor), JSON.stringify({ query: PAGE, variables: JSON.stringify({ p: propertyId }) })],
        ['over the cost limit for these variables', json(supervisor), JSON.stringify({ query: PAGE, variables: { p: propertyId, n: 100_000 } })],
        ['an operation name the text does not have', json(supervisor), JSON.stringify({ query: PAGE, operationName: 'Other', variables: { p: propertyId } })],
        ['a persisted-query extension', json(supervisor), JSON.stringify({ query: PAGE, variables: { p: propertyId, n: 2 }, extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } })],
        ['a batch', json(supervisor), JSON.stringify([{ query: PAGE, variables: { p: propertyId, n: 2 } }])],
        ['a simple request a browser sends cross-site (CSRF)', { 'content-type': 'text/plain', authorization: `Bearer ${supervisor}` }, JSON.stringify({ query: PAGE, variables: { p: propertyId, n: 2 } })],
        ['an accept header asking for application/graphql-response+json', { ...json(supervisor), accept: 'application/graphql-response+json' }, JSON.stringify({ query: PAGE, variables: { p: propertyId, n: 2 } })],
      ];
      for (const [name, headers, body] of cases) expect({ name, prepared: (await raw(headers, body)).prepared }).toEqual({ name, prepared: 0 });
    });

    it('hands an answer with errors to Apollo Server, which reads it from the one request the subgraph answered', async () => {
      const supervisor = token(Role.SUPERVISOR);
      await raw(json(supervisor), JSON.stringify({ query: PAGE, variables: { p: propertyId, n: 2 } }));
      // Refused by the tickets subgraph (a page larger than 200): the gateway under test asks once, the rebuilding one once.
      const served = await ticketsServed();
      const refused = await raw(json(supervisor), JSON.stringify({ query: PAGE, variables: { p: propertyId, n: 201 } }));
      expect([refused.prepared, JSON.parse(refused.text).errors?.[0]?.extensions?.code]).toEqual([0, 'BAD_USER_INPUT']);
      expect((await ticketsServed()) - served).toBe(2);
      // The next good request is prepared again.
      expect((await raw(json(supervisor), JSON.stringify({ query: PAGE, variables: { p: propertyId, n: 2 } }))).prepared).toBe(1);
    });

    it('counts prepared answers in the operation metrics, as Apollo Server\'s are', async () => {
      const count = async () => Number(/^pm_gateway_operation_duration_seconds_count\{operation="query tickets",outcome="ok"\} (\d+)$/m.exec(await (await fetch(`${graph.gateway.internalUrl}/metrics`)).text())?.[1] ?? 0);
      const body = JSON.stringify({ query: PAGE, variables: { p: propertyId, n: 2 } });
      await raw(json(token(Role.SUPERVISOR)), body);
      const before = await count();
      expect((await raw(json(token(Role.SUPERVISOR)), body)).prepared).toBe(1);
      expect((await count()) - before).toBe(1);
    });
  });

  it('live operations inside the gateway read their data the ordinary way', async () => {
    // A CSV report runs its operation (one subgraph's, as written) inside the gateway and reads the data: it must never get text.
    const before = await metric('pm_gateway_answers_passed_through_total');
    const day = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const from = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    const response = await fetch(graph.url.replace(/\/graphql$/, `/reports/ticket-summary.csv?propertyId=${propertyId}&from=${from}&to=${day}`), { headers: { authorization: `Bearer ${token(Role.SUPERVISOR)}` } });
    const csv = await response.text();
    expect([response.status, csv]).toEqual([200, expect.stringMatching(/^section,item,value/)]);
    expect(csv).toContain('tickets,received,6');
    expect(await metric('pm_gateway_answers_passed_through_total')).toBe(before);
  });
});
