import { randomUUID } from 'node:crypto';

import { Role } from '@pm/identity';
import { parseEnvironment } from '@pm/runtime';
import { firstError, ok, startTestSubgraph, testIdentity, type TestSubgraph } from '@pm/testing';

import { parkingEnvironment, startParking } from '../src';

const APPLY = 'mutation($input: ParkingApplicationInput!) { applyForParking(input: $input) { number status plate waitlistPosition lot { capacity available } } }';

describe('parking subgraph', () => {
  let subgraph: TestSubgraph<Awaited<ReturnType<typeof startParking>>>;
  const propertyId = randomUUID();
  const desk = () => subgraph.as(testIdentity(Role.FRONT_DESK, { propertyIds: [propertyId] }));

  async function createTestLot(spaces: number) {
    const { createParkingLot } = ok(await subgraph.as(testIdentity(Role.SUPERVISOR))<{ createParkingLot: { id: string; capacity: number } }>(
      'mutation($input: CreateParkingLotInput!) { createParkingLot(input: $input) { id capacity } }',
      { input: { propertyId, name: '地面停车场', spaceCodes: Array.from({ length: spaces }, (_, i) => `A-${i + 1}`) } },
    ));
    return createParkingLot;
  }
  const application = (lotId: string, extra: Record<string, unknown> = {}) => ({
    input: { lotId, unitId: randomUUID(), holderId: randomUUID(), plate: '鄂A12345', drivingLicenseHolder: '张三', term: 'MONTHLY', ...extra },
  });

  beforeAll(async () => {
    subgraph = await startTestSubgraph('parking', (s) => parseEnvironment(parkingEnvironment, s), startParking);
  });
  afterAll(() => subgraph?.stop());

  it('front desk: an invalid plate is BAD_USER_INPUT on field "plate"', async () => {
    const lot = await createTestLot(1);
    expect(firstError(await desk()(APPLY, application(lot.id, { plate: 'AB123' })))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'plate' });
  });

  it('front desk: free spaces are held pending payment; a full lot puts the next household on the waiting list', async () => {
    const lot = await createTestLot(1);
    const first = ok(await desk()<{ applyForParking: Record<string, unknown> }>(APPLY, application(lot.id, { plate: '鄂a 12345' })));
    expect(first.applyForParking).toMatchObject({ status: 'PENDING_PAYMENT', plate: '鄂A12345', waitlistPosition: null, lot: { capacity: 1, available: 0 } });
    const second = ok(await desk()<{ applyForParking: Record<string, unknown> }>(APPLY, application(lot.id, { plate: '鄂AD12345' })));
    expect(second.applyForParking).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 });
  });

  it('front desk: a second lease for the same household is CONFLICT ONE_SPACE_PER_HOUSEHOLD', async () => {
    const lot = await createTestLot(3);
    const unitId = randomUUID();
    ok(await desk()(APPLY, application(lot.id, { unitId })));
    expect(firstError(await desk()(APPLY, application(lot.id, { unitId, plate: '鄂B54321' })))).toMatchObject({ code: 'CONFLICT', reason: 'ONE_SPACE_PER_HOUSEHOLD' });
  });

  it('engineer: may not take parking applications', async () => {
    const lot = await createTestLot(1);
    expect(firstError(await subgraph.as(testIdentity(Role.ENGINEER))(APPLY, application(lot.id))).code).toBe('FORBIDDEN');
  });
});
