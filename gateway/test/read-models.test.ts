import { Role } from '@pm/identity';
import { parkingEnvironment, startParking } from '@pm/parking-service';
import { parseEnvironment } from '@pm/runtime';
import { eventually, firstError, type GraphQLResponse, ok, startTestSubgraph, testIdentity } from '@pm/testing';

import { createTestProperty, createTestResident } from './factories';
import { startTestGraph, type TestGraph } from './graph';

const APPLY = 'mutation($input: ParkingApplicationInput!) { applyForParking(input: $input) { status } }';
const LOT = 'mutation($input: CreateParkingLotInput!) { createParkingLot(input: $input) { id } }';

describe('read-models fed by events over real NATS', () => {
  const suiteStart = new Date(Date.now() - 5_000);
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph?.stop());

  it('parking: a new resident may lease a moment later, a stranger may not, one space per household; a rebuilt read-model agrees', async () => {
    const { propertyId, units } = await createTestProperty(graph, 2);
    const owner = await createTestResident(graph, units[0].id, '孙业主');
    const tenant = await createTestResident(graph, units[0].id, '吴租户', 'TENANT');
    const neighbour = await createTestResident(graph, units[1].id, '郑邻居');
    const desk = graph.as(Role.FRONT_DESK);

    /** The three answers the read-model decides, asked of a parking service's lot. */
    async function answers(call: (query: string, variables: Record<string, unknown>) => Promise<GraphQLResponse<unknown>>, lotId: string) {
      const input = (holderId: string, plate: string) => ({ input: { lotId, unitId: units[0].id, holderId, plate, drivingLicenseHolder: '孙业主', term: 'MONTHLY' } });
      const stranger = firstError(await call(APPLY, input(neighbour.id, '鄂A11111'))).reason;
      const resident = await eventually(async () => ok(await call(APPLY, input(owner.id, '鄂A22222'))));
      // The tenant's registration may still be on its way: until then the answer is NOT_A_RESIDENT.
      const second = await eventually(async () => {
        const reason = firstError(await call(APPLY, input(tenant.id, '鄂A33333'))).reason;
        expect(reason).not.toBe('NOT_A_RESIDENT');
        return reason;
      });
      return { stranger, resident, second };
    }

    const { createParkingLot } = ok(await graph.as(Role.SUPERVISOR)<{ createParkingLot: { id: string } }>(LOT, { input: { propertyId, name: 'P1', spaceCodes: ['1', '2'] } }));
    const live = await answers(desk, createParkingLot.id);
    expect(live).toEqual({ stranger: 'NOT_A_RESIDENT', resident: { applyForParking: { status: 'PENDING_PAYMENT' } }, second: 'ONE_SPACE_PER_HOUSEHOLD' });

    // A second parking service on an empty database rebuilds its read-model from the stream.
    const rebuilt = await startTestSubgraph('parking', (s) => parseEnvironment(parkingEnvironment, s), startParking, { CONSUMER_START_AT: suiteStart.toISOString() });
    try {
      const call = rebuilt.as(testIdentity(Role.SUPERVISOR, { propertyIds: [propertyId] }));
      const { createParkingLot: lot } = ok(await call<{ createParkingLot: { id: string } }>(LOT, { input: { propertyId, name: 'P1', spaceCodes: ['1', '2'] } }));
      await rebuilt.service.consumer!.ready();
      await eventually(async () => expect((await rebuilt.service.consumer!.stats()).pending).toBe(0));
      expect(await answers(call, lot.id)).toEqual(live);
    } finally {
      await rebuilt.stop();
    }
  });

  it('tickets: knows which property a unit belongs to, and refuses a unit of another property', async () => {
    const ours = await createTestProperty(graph, 1);
    const theirs = await createTestProperty(graph, 1);
    const open = 'mutation($input: OpenTicketInput!) { openTicket(input: $input) { number } }';
    await eventually(async () => {
      const response = await graph.as(Role.FRONT_DESK)(open, { input: { propertyId: ours.propertyId, kind: 'REPAIR', channel: 'PHONE', title: '漏水', unitId: theirs.units[0].id } });
      expect(firstError(response)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unitId' });
    });
    ok(await graph.as(Role.FRONT_DESK)(open, { input: { propertyId: ours.propertyId, kind: 'REPAIR', channel: 'PHONE', title: '漏水', unitId: ours.units[0].id } }));
  });
});
