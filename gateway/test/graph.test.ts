import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';

import { issueToken, Role } from '@pm/identity';
import { createLogger } from '@pm/runtime';
import { eventually, firstError, ok, postGraphQL } from '@pm/testing';

import { API_SCHEMA_PATH, apiSchemaSdl, composeSupergraph, readSupergraph } from '../src/compose';
import { createTestProperty, createTestResident } from './factories';
import { startGateway } from '../src/server';
import { startTestGraph, TEST_JWT_SECRET, type TestGraph } from './graph';

describe('the federated graph through the gateway', () => {
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph?.stop());

  it('front desk: one unit query spans residents, tickets, renovation and parking', async () => {
    const { propertyId, units } = await createTestProperty(graph, 2);
    const [unit] = units;
    const owner = await createTestResident(graph, unit.id, '陈业主');
    const desk = graph.as(Role.FRONT_DESK);
    ok(await desk('mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }', {
      input: { propertyId, kind: 'REPAIR', channel: 'PHONE', title: '厨房水管漏水', unitId: unit.id, reporterId: owner.id },
    }));
    // Renovation learns of the unit and its owner from residents' events a moment later.
    await eventually(async () => ok(await desk('mutation($input: SubmitRenovationInput!) { submitRenovation(input: $input) { id } }', {
      input: { unitId: unit.id, applicantId: owner.id, workItems: ['FLOORING', 'PAINTING'], selfBuild: true },
    })));
    const { createParkingLot } = ok(await graph.as(Role.SUPERVISOR)<{ createParkingLot: { id: string } }>(
      'mutation($input: CreateParkingLotInput!) { createParkingLot(input: $input) { id } }',
      { input: { propertyId, name: '地下车库', spaceCodes: ['B1-001', 'B1-002'] } },
    ));
    // Parking learns of the new owner from residents' event a moment later.
    await eventually(async () => ok(await desk('mutation($input: ParkingApplicationInput!) { applyForParking(input: $input) { status } }', {
      input: { lotId: createParkingLot.id, unitId: unit.id, holderId: owner.id, plate: '粤B12345', drivingLicenseHolder: '陈业主', term: 'MONTHLY' },
    })));

    const data = ok(await desk<{ unitByCode: Record<string, unknown> }>(
      `query($p: ID!, $code: String!) { unitByCode(propertyId: $p, code: $code) {
        code occupancy residents { name kind } tickets { totalCount edges { node { title reporter { name } unit { code } } } }
        renovations { status applicant { name } } parkingLeases { plate status lot { name available } }
      } }`,
      { p: propertyId, code: unit.code },
    ));
    expect(data.unitByCode).toEqual({
      code: unit.code,
      occupancy: 'OWNER_OCCUPIED',
      residents: [{ name: '陈业主', kind: 'OWNER' }],
      tickets: { totalCount: 1, edges: [{ node: { title: '厨房水管漏水', reporter: { name: '陈业主' }, unit: { code: unit.code } } }] },
      renovations: [{ status: 'SUBMITTED', applicant: { name: '陈业主' } }],
      parkingLeases: [{ plate: '粤B12345', status: 'PENDING_PAYMENT', lot: { name: '地下车库', available: 1 } }],
    });
  });

  it('anyone: an operation without a token is UNAUTHENTICATED; a bad token too', async () => {
    const anonymous = await graph.anonymous('{ properties { id } }');
    expect(anonymous.status).toBe(401);
    expect(firstError(anonymous).code).toBe('UNAUTHENTICATED');
    const forged = await graph.withHeaders({ authorization: 'Bearer not-a-token' }, '{ properties { id } }');
    expect(firstError(forged)).toMatchObject({ code: 'UNAUTHENTICATED', message: 'The token is not valid' });
  });

  it('anyone: a subgraph called directly, bypassing the gateway, is UNAUTHENTICATED', async () => {
    for (const url of Object.values(graph.subgraphUrls)) {
      const response = await postGraphQL(url, '{ __typename }', {}, { authorization: 'Bearer whatever' });
      expect(response.status).toBe(401);
      expect(firstError(response).code).toBe('UNAUTHENTICATED');
    }
  });

  it('front desk: a query nested past the depth limit is refused with the depth and the limit', async () => {
    const nested = '{ unit(id: "x") { building { units { building { units { building { units { building { units { building { name } } } } } } } } } } }';
    const response = await graph.as(Role.FRONT_DESK)(nested);
    expect(response.status).toBe(400);
    expect(firstError(response)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', message: expect.stringMatching(/nested 11 levels deep; the limit is 10/) });
  });

  it('supervisor: addUnits with an empty code is BAD_USER_INPUT naming the field, and writes nothing', async () => {
    const { propertyId, buildingId } = await createTestProperty(graph, 1);
    const response = await graph.as(Role.SUPERVISOR)('mutation($input: AddUnitsInput!) { addUnits(input: $input) { id } }', {
      input: { buildingId, units: [{ code: '1-2-201', floor: 2, usage: 'HOME' }, { code: '', floor: 2, usage: 'HOME' }] },
    });
    expect(firstError(response)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'units[1].code' });
    const { units } = ok(await graph.as(Role.SUPERVISOR)<{ units: { totalCount: number } }>('query($p: ID!) { units(propertyId: $p) { totalCount } }', { p: propertyId }));
    expect(units.totalCount).toBe(1);
  });

  it('resident: sees only their own tickets, and opens tickets only through the app for their own unit', async () => {
    const { propertyId, units } = await createTestProperty(graph, 2);
    const mine = await createTestResident(graph, units[0].id, '李住户');
    const neighbour = await createTestResident(graph, units[1].id, '王邻居');
    const resident = graph.as(Role.RESIDENT, { propertyIds: [propertyId], residentId: mine.id, unitIds: [units[0].id] });
    const open = 'mutation($input: OpenTicketInput!) { openTicket(input: $input) { number reporter { name } } }';
    const own = ok(await resident<{ openTicket: { reporter: { name: string } } }>(open, { input: { propertyId, kind: 'REPAIR', channel: 'APP', title: '门锁坏了', unitId: units[0].id } }));
    expect(own.openTicket.reporter.name).toBe('李住户');
    expect(firstError(await resident(open, { input: { propertyId, kind: 'REPAIR', channel: 'APP', title: '不是我家', unitId: units[1].id } })).code).toBe('FORBIDDEN');
    ok(await graph.as(Role.FRONT_DESK)(open, { input: { propertyId, kind: 'COMPLAINT', channel: 'PHONE', title: '噪音', unitId: units[1].id, reporterId: neighbour.id } }));

    const listed = ok(await resident<{ tickets: { totalCount: number; edges: { node: { title: string } }[] } }>(
      'query($p: ID!) { tickets(filter: { propertyId: $p }) { totalCount edges { node { title } } } }', { p: propertyId },
    ));
    expect(listed.tickets.edges.map((e) => e.node.title)).toEqual(['门锁坏了']);
    expect(listed.tickets.totalCount).toBe(1);
  });

  it('integrator: reads within its API key scopes, never unmasked phones, and is refused outside them', async () => {
    const { propertyId, units } = await createTestProperty(graph, 1);
    await createTestResident(graph, units[0].id, '赵业主');
    const { key } = await graph.gateway.apiKeys.create('物业ERP', ['residents:read'], [propertyId]);
    const integrator = (query: string, variables = {}) => graph.withHeaders({ 'x-api-key': key }, query, variables);
    const residents = ok(await integrator('query($p: ID!) { residents(propertyId: $p) { edges { node { name phone } } } }', { p: propertyId }));
    expect(residents).toEqual({ residents: { edges: [{ node: { name: '赵业主', phone: '138****5678' } }] } });
    const tickets = await integrator('query($p: ID!) { tickets(filter: { propertyId: $p }) { totalCount } }', { p: propertyId });
    expect(firstError(tickets).code).toBe('FORBIDDEN');
    const bogus = await graph.withHeaders({ 'x-api-key': `${key}x` }, '{ properties { id } }');
    expect(firstError(bogus).code).toBe('UNAUTHENTICATED');
  });

  it('operator: a subgraph with a timeout of its own (SUBGRAPH_TIMEOUTS_MS) fails its part of a query then, SERVICE_UNAVAILABLE naming it, while the others answer', async () => {
    const { propertyId } = await createTestProperty(graph, 1);
    // A tickets subgraph that takes requests and never answers.
    const stalled = createServer(() => undefined);
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    const ticketsUrl = `http://127.0.0.1:${(stalled.address() as AddressInfo).port}/graphql`;
    // Everything else waits ten minutes: without the tickets subgraph's own 300 ms this test times out.
    const second = await startGateway(
      { ...graph.env, PORT: 0, INTERNAL_PORT: 0, MIGRATE_ON_BOOT: false, TICKETS_URL: ticketsUrl, SUBGRAPH_TIMEOUT_MS: 600_000, SUBGRAPH_TIMEOUTS_MS: { tickets: 300 } },
      createLogger('gateway-timeouts', 'silent'),
    );
    try {
      const token = issueToken({ sub: 'desk-timeouts', name: '王芳', roles: [Role.FRONT_DESK], propertyIds: [propertyId] }, TEST_JWT_SECRET);
      const answer = await postGraphQL<{ property: { id: string } | null; ticket: unknown }>(second.url, 'query($p: ID!, $t: ID!) { property(id: $p) { id } ticket(id: $t) { id } }',
        { p: propertyId, t: '00000000-0000-4000-8000-000000000001' }, { authorization: `Bearer ${token}` });
      expect(answer.status).toBe(200);
      expect(answer.data).toEqual({ property: { id: propertyId }, ticket: null });
      // Said as it is, naming the service, not hidden as an internal error.
      expect(answer.errors).toEqual([{ message: 'The tickets service did not answer within 300 ms; try again shortly', extensions: { code: 'SERVICE_UNAVAILABLE', service: 'tickets' } }]);
    } finally {
      stalled.closeAllConnections();
      await new Promise((resolve) => stalled.close(resolve));
      await second.close();
    }
  });

  it('build: the committed supergraph matches the subgraphs (run `npm run compose` after a schema change)', async () => {
    const supergraph = await composeSupergraph();
    expect(supergraph).toBe(readSupergraph());
    expect(apiSchemaSdl(supergraph)).toBe(readFileSync(API_SCHEMA_PATH, 'utf8'));
  });
});
