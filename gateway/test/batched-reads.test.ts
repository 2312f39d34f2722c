import { issueToken, Role } from '@pm/identity';
import { createLogger } from '@pm/runtime';
import { ok } from '@pm/testing';

import { type RunningGateway, startGateway } from '../src/server';
import { createTestProperty, createTestResident } from './factories';
import { startTestGraph, TEST_JWT_SECRET, type TestGraph } from './graph';

/**
 * Reads of different callers that leave for one subgraph in the same turn go as one HTTP request
 * (SUBGRAPH_BATCHING, libs/runtime batch.ts, issue 14). Each must still be its caller's own: every
 * answer here, asked by many callers at once so that batches form, is compared with the answer a
 * second gateway that never batches gives the same caller.
 */
describe('reads of many callers sent to a subgraph together', () => {
  let graph: TestGraph;
  let unbatched: RunningGateway;
  let properties: { propertyId: string; units: { id: string }[] }[];
  let residentId: string;

  const metric = async (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(await (await fetch(`${graph.gateway.internalUrl}/metrics`)).text())?.[1] ?? NaN);
  const post = async (url: string, token: string, query: string, variables: Record<string, unknown>) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    return { status: response.status, text: await response.text() };
  };

  beforeAll(async () => {
    graph = await startTestGraph();
    unbatched = await startGateway({ ...graph.env, SUBGRAPH_BATCHING: false, MIGRATE_ON_BOOT: false }, createLogger('gateway-unbatched', graph.env.LOG_LEVEL));
    properties = [await createTestProperty(graph, 2), await createTestProperty(graph, 2)];
    residentId = (await createTestResident(graph, properties[0].units[0].id, '李四')).id;
    const desk = graph.as(Role.FRONT_DESK);
    for (const [i, { propertyId, units }] of properties.entries()) {
      for (const [j, unit] of units.entries()) {
        ok(await desk('mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }', {
          input: { propertyId, kind: j ? 'COMPLAINT' : 'REPAIR', channel: 'PHONE', title: `楼${i + 1} 单元${j + 1} 报修`, unitId: unit.id, ...(i === 0 && j === 0 ? { reporterId: residentId } : {}) },
        }));
      }
    }
  }, 90_000);

  afterAll(async () => {
    await unbatched?.close();
    await graph?.stop();
  });

  it('gives every caller of a batch the answer they get alone: their properties, their unit, their masking, their errors', async () => {
    const [a, b] = properties;
    const staff = (sub: string, roles: Role[], propertyIds: string[]) => issueToken({ sub, name: sub, roles, propertyIds }, TEST_JWT_SECRET);
    const PAGE = 'query Page($p: ID!) { tickets(filter: { propertyId: $p }, first: 10) { totalCount edges { node { title status unit { id } } } } }';
    const UNIT = 'query Unit($u: ID!) { tickets(filter: { unitId: $u }) { edges { node { title } } } }';
    const WHO = 'query Who($id: ID!) { resident(id: $id) { name phone } }';
    const cases: [string, string, Record<string, unknown>][] = [
      [staff('desk-a', [Role.FRONT_DESK], [a.propertyId]), PAGE, { p: a.propertyId }],
      [staff('desk-b', [Role.FRONT_DESK], [b.propertyId]), PAGE, { p: b.propertyId }],
      // Another property's page: nothing of it for this caller, in a batch with callers who may read it.
      [staff('desk-b2', [Role.FRONT_DESK], [b.propertyId]), PAGE, { p: a.propertyId }],
      [staff('supervisor', [Role.SUPERVISOR], ['*']), PAGE, { p: b.propertyId }],
      // A resident sees their own unit's tickets and none of another unit's.
      [issueToken({ sub: 'resident-a', name: '李四', roles: [Role.RESIDENT], residentId, unitIds: [a.units[0].id] }, TEST_JWT_SECRET), UNIT, { u: a.units[0].id }],
      [issueToken({ sub: 'resident-a2', name: '李四', roles: [Role.RESIDENT], residentId, unitIds: [a.units[0].id] }, TEST_JWT_SECRET), UNIT, { u: a.units[1].id }],
      // Personal data masked for the desk, shown (and audited) for the project manager.
      [staff('desk-who', [Role.FRONT_DESK], ['*']), WHO, { id: residentId }],
      [staff('manager-who', [Role.PROJECT_MANAGER], ['*']), WHO, { id: residentId }],
      // Variables the subgraph refuses.
      [staff('desk-bad', [Role.FRONT_DESK], ['*']), UNIT, { u: 'not-an-id' }],
    ];
    const alone: { status: number; text: string }[] = [];
    for (const [token, query, variables] of cases) alone.push(await post(unbatched.url, token, query, variables));
    // The cases stand for what they claim: each caller's answer differs where it should.
    expect(JSON.parse(alone[0].text).data.tickets.totalCount).toBe(2);
    expect(alone[0].text).not.toBe(alone[3].text);
    expect(JSON.parse(alone[2].text).data.tickets.totalCount).toBe(0);
    expect(JSON.parse(alone[4].text).data.tickets.edges).toHaveLength(1);
    expect(JSON.parse(alone[5].text).data.tickets.edges).toHaveLength(0);
    expect(alone[6].text).not.toBe(alone[7].text);
    expect(alone[8].text).toContain('BAD_USER_INPUT');

    const before = { batches: await metric('pm_gateway_subgraph_batches_total'), reads: await metric('pm_gateway_subgraph_batched_reads_total') };
    // Every case four times at once: batches form when requests reach the gateway in the same turn.
    for (let round = 0; round < 3; round++) {
      const together = await Promise.all(cases.flatMap((c) => [c, c, c, c]).map(([token, query, variables]) => post(graph.url, token, query, variables)));
      together.forEach((answer, i) => expect({ case: Math.floor(i / 4), ...answer }).toEqual({ case: Math.floor(i / 4), ...alone[Math.floor(i / 4)] }));
    }
    const batches = (await metric('pm_gateway_subgraph_batches_total')) - before.batches;
    const reads = (await metric('pm_gateway_subgraph_batched_reads_total')) - before.reads;
    expect(batches).toBeGreaterThan(0);
    expect(reads).toBeGreaterThanOrEqual(2 * batches);
  });

  it('never sends a mutation in a batch', async () => {
    const before = await metric('pm_gateway_subgraph_batched_reads_total');
    const [a] = properties;
    const opened = await Promise.all(Array.from({ length: 8 }, (_, i) => graph.as(Role.FRONT_DESK)('mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }', {
      input: { propertyId: a.propertyId, kind: 'REQUEST', channel: 'PHONE', title: `同时登记 ${i}`, unitId: a.units[0].id },
    })));
    opened.forEach((answer) => ok(answer));
    expect(await metric('pm_gateway_subgraph_batched_reads_total')).toBe(before);
  });
});
