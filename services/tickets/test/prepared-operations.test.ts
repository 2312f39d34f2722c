import { randomUUID } from 'node:crypto';

import { IDENTITY_HEADER, Role, signIdentity } from '@pm/identity';
import { BATCH_CONTENT_TYPE, decodeBatchAnswers, parseEnvironment } from '@pm/runtime';
import { ok, startTestSubgraph, TEST_IDENTITY_SECRET, testIdentity, type TestSubgraph } from '@pm/testing';

import { startTickets, ticketsEnvironment } from '../src';

/**
 * libs/subgraph prepared.ts: an operation a subgraph has run once through Apollo Server is answered
 * again without it. Every answer must be the one Apollo Server gives, to the byte: each case below
 * is asked under an operation name not yet run (Apollo Server answers) and then again (the prepared
 * path answers, or hands over to Apollo Server), and the two HTTP answers compared.
 */
describe('tickets subgraph: operations answered again without Apollo Server (issue 14)', () => {
  let subgraph: TestSubgraph<Awaited<ReturnType<typeof startTickets>>>;
  const propertyId = randomUUID();
  const desk = testIdentity(Role.FRONT_DESK, { name: '王芳', propertyIds: [propertyId] });

  beforeAll(async () => {
    subgraph = await startTestSubgraph('tickets', (s) => parseEnvironment(ticketsEnvironment, s), startTickets);
  });
  afterAll(() => subgraph?.stop());

  /** One POST as the gateway sends it, answered as status, content type and text. */
  async function post(body: Record<string, unknown>, headers: Record<string, string> = {}) {
    const response = await fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: signIdentity(desk, TEST_IDENTITY_SECRET), ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  }

  /** The subgraph's counters: answers served without Apollo Server, SQL statements, operations observed. */
  async function counters(operation: string) {
    const text = await (await fetch(`${subgraph.service.internalUrl}/metrics`)).text();
    const read = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
    return {
      prepared: read(/^pm_graphql_prepared_total\{service="tickets"\} (\d+)$/m),
      statements: read(/^pm_graphql_db_queries_total\{service="tickets"\} (\d+)$/m),
      observed: (outcome: string) => read(new RegExp(`^pm_graphql_operation_duration_seconds_count\\{service="tickets",operation="${operation}",outcome="${outcome}"\\} (\\d+)$`, 'm')),
    };
  }

  const OPEN = 'mutation Open($input: OpenTicketInput!) { openTicket(input: $input) { id number status } }';
  const open = async (kind: string) => {
    const answer = await post({ query: OPEN, variables: { input: { propertyId, kind, channel: 'PHONE', title: '楼上漏水', unitId: randomUUID() } } });
    return (JSON.parse(answer.text) as { data: { openTicket: { id: string } } }).data.openTicket.id;
  };

  it('answers a query run before as Apollo Server answered it, and counts it', async () => {
    await open('REPAIR');
    await open('COMPLAINT');
    const PAGE = 'query Page($p: ID!, $n: Int) { tickets(filter: { propertyId: $p }, first: $n) { totalCount edges { cursor node { id number kind title status createdAt sla { resolveBy } } } pageInfo { hasNextPage endCursor } } }';
    const first = await post({ query: PAGE, operationName: 'Page', variables: { p: propertyId, n: 10 } });
    const before = await counters('query tickets');
    const again = await post({ query: PAGE, operationName: 'Page', variables: { p: propertyId, n: 10 } });
    const after = await counters('query tickets');
    expect(again).toEqual(first);
    expect(first.status).toBe(200);
    expect(after.prepared - before.prepared).toBe(1);
    expect(after.observed('ok') - before.observed('ok')).toBe(1);
    // The same text without the operation name, and with other variables: its own first run, then prepared.
    const unnamed = await post({ query: PAGE, variables: { p: propertyId, n: 1 } });
    expect((await post({ query: PAGE, variables: { p: propertyId, n: 1 } }))).toEqual(unnamed);
    expect(JSON.parse(unnamed.text).data.tickets.edges).toHaveLength(1);
    expect((await counters('query tickets')).prepared - after.prepared).toBe(1);
  });

  it('leaves to Apollo Server what it words itself: refused variables, another accept, extensions', async () => {
    const ONE = 'query One($id: ID!) { ticket(id: $id) { id number } }';
    ok(JSON.parse((await post({ query: ONE, variables: { id: randomUUID() } })).text));
    const before = await counters('query ticket');
    const refused = await post({ query: ONE, variables: { id: { not: 'an id' } } });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const graphqlResponse = await post({ query: ONE, variables: { id: randomUUID() } }, { accept: 'application/graphql-response+json' });
    expect(graphqlResponse.type).toMatch(/^application\/graphql-response\+json/);
    expect(JSON.parse(graphqlResponse.text)).toEqual({ data: { ticket: null } });
    const withExtensions = await post({ query: ONE, variables: { id: randomUUID() }, extensions: { note: 'x' } });
    expect(JSON.parse(withExtensions.text)).toEqual({ data: { ticket: null } });
    expect((await counters('query ticket')).prepared).toBe(before.prepared);
  });

  it('keeps no text padded past 16,384 characters: each such request goes through Apollo Server', async () => {
    const padded = `query Padded($id: ID!) { ticket(id: $id) { id } ${' '.repeat(20_000)}}`;
    const before = await counters('query ticket');
    for (let i = 0; i < 3; i++) expect(JSON.parse((await post({ query: padded, variables: { id: randomUUID() } })).text)).toEqual({ data: { ticket: null } });
    const after = await counters('query ticket');
    expect(after.prepared).toBe(before.prepared);
    expect(after.observed('ok') - before.observed('ok')).toBe(3);
  });

  it('hands an answer with errors to Apollo Server, which formats it without running the operation again', async () => {
    const complaint = await open('COMPLAINT');
    const ANSWER = 'mutation Answer($id: ID!, $answer: String!) { answerComplaint(id: $id, answer: $answer) { id status } }';
    const variables = { id: complaint, answer: '已联系楼上住户，明日上门维修' };
    // Its first run (Apollo Server): the answer is given.
    const given = await post({ query: ANSWER, operationName: 'Answer', variables });
    expect(JSON.parse(given.text).data.answerComplaint.id).toBe(complaint);
    // Again under the same name: run here, refused (already answered), handed over.
    const before = await counters('mutation answerComplaint');
    const handedOver = await post({ query: ANSWER, operationName: 'Answer', variables });
    const between = await counters('mutation answerComplaint');
    // The same text under no operation name is new: Apollo Server runs it the whole way.
    const apollo = await post({ query: ANSWER, variables });
    const after = await counters('mutation answerComplaint');
    expect(handedOver).toEqual(apollo);
    expect(JSON.parse(apollo.text).errors[0].extensions.code).toBe('CONFLICT');
    expect(between.statements - before.statements).toBe(after.statements - between.statements);
    expect(between.prepared).toBe(before.prepared);
    expect(after.observed('error') - before.observed('error')).toBe(2);
  });

  it('answers a mutation run before, once, and counts it', async () => {
    await open('REPAIR');
    const before = await counters('mutation openTicket');
    const id = await open('REPAIR');
    const after = await counters('mutation openTicket');
    expect(after.prepared - before.prepared).toBe(1);
    expect(after.observed('ok') - before.observed('ok')).toBe(1);
    const ONE = 'query One($id: ID!) { ticket(id: $id) { id status } }';
    expect(JSON.parse((await post({ query: ONE, variables: { id } })).text)).toEqual({ data: { ticket: { id, status: 'NEW' } } });
  });

  it('answers each operation of a batch as it answers it alone: its own caller, status, type and text; counted one by one', async () => {
    await open('COMPLAINT');
    const PAGE = 'query Batched($p: ID!) { tickets(filter: { propertyId: $p }, first: 5) { totalCount edges { node { number kind status } } } }';
    const elsewhere = testIdentity(Role.FRONT_DESK, { name: '李娜', propertyIds: [randomUUID()] });
    const items = [
      { headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: signIdentity(desk, TEST_IDENTITY_SECRET) }, body: { query: PAGE, variables: { p: propertyId } } },
      { headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: signIdentity(elsewhere, TEST_IDENTITY_SECRET) }, body: { query: PAGE, variables: { p: propertyId } } },
      { headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: 'forged' }, body: { query: PAGE, variables: { p: propertyId } } },
      { headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: signIdentity(desk, TEST_IDENTITY_SECRET) }, body: { query: PAGE, variables: { p: { not: 'an id' } } } },
    ];
    const alone = [];
    for (const item of items) {
      const response = await fetch(subgraph.url, { method: 'POST', headers: item.headers, body: JSON.stringify(item.body) });
      alone.push({ status: response.status, contentType: response.headers.get('content-type'), body: await response.text() });
    }
    expect(alone.map((a) => a.status)).toEqual([200, 200, 401, 400]);
    expect(JSON.parse(alone[0].body).data.tickets.totalCount).toBeGreaterThan(0);
    expect(JSON.parse(alone[1].body).data.tickets.totalCount).toBe(0);
    const before = await fetch(`${subgraph.service.internalUrl}/metrics`).then((r) => r.text());
    const response = await fetch(subgraph.url, { method: 'POST', headers: { 'content-type': BATCH_CONTENT_TYPE }, body: JSON.stringify(items) });
    expect([response.status, response.headers.get('content-type')]).toEqual([200, BATCH_CONTENT_TYPE]);
    expect(decodeBatchAnswers(await response.text())).toEqual(alone);
    const after = await fetch(`${subgraph.service.internalUrl}/metrics`).then((r) => r.text());
    const served = (text: string) => Number(/^pm_graphql_requests_total\{service="tickets"\} (\d+)$/m.exec(text)?.[1]);
    expect(served(after) - served(before)).toBe(items.length);

    // A batch that is not one is refused as a whole.
    for (const [body, reason] of [['[', /not valid JSON/], ['[]', /non-empty array/], ['[{"body":{}}]', /headers/]] as const) {
      const refused = await fetch(subgraph.url, { method: 'POST', headers: { 'content-type': BATCH_CONTENT_TYPE }, body });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { errors: unknown[] }).errors[0]).toMatchObject({ message: expect.stringMatching(reason), extensions: { code: 'BAD_REQUEST' } });
    }
  });
});
