import { randomUUID } from 'node:crypto';

import { Role } from '@pm/identity';
import { parseEnvironment } from '@pm/runtime';
import { Events } from '@pm/events';
import { eventually, firstError, ok, publishTestEvent, startTestSubgraph, testIdentity, type TestSubgraph } from '@pm/testing';

import { parkingEnvironment, startParking } from '../src';
import { UnitResident } from '../src/residents/unit-resident.entity';

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
  /** A resident of a new unit, as residents announces it; waits until parking has taken it in. */
  async function registerHolder(kind = 'OWNER', unitId: string = randomUUID()) {
    const residentId = randomUUID();
    await publishTestEvent(Events.residentRegistered, { residentId, unitId, propertyId, kind, active: true }, residentId);
    await eventually(async () => expect(await subgraph.service.orm.em.fork().count(UnitResident, { residentId })).toBe(1));
    return { unitId, holderId: residentId };
  }

  let plates = 10000;
  /** An application of a new household with a plate of its own. */
  async function application(lotId: string, extra: Record<string, unknown> = {}) {
    const holder = await registerHolder();
    plates += 1;
    return { input: { lotId, ...holder, plate: `鄂C${plates}`, drivingLicenseHolder: '张三', term: 'MONTHLY', ...extra } };
  }

  beforeAll(async () => {
    subgraph = await startTestSubgraph('parking', (s) => parseEnvironment(parkingEnvironment, s), startParking);
  });
  afterAll(() => subgraph?.stop());

  it('front desk: an invalid plate is BAD_USER_INPUT on field "plate"', async () => {
    const lot = await createTestLot(1);
    expect(firstError(await desk()(APPLY, await application(lot.id, { plate: 'AB123' })))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'plate' });
  });

  it('front desk: free spaces are held pending payment; a full lot puts the next household on the waiting list', async () => {
    const lot = await createTestLot(1);
    const first = ok(await desk()<{ applyForParking: Record<string, unknown> }>(APPLY, await application(lot.id, { plate: '鄂a 12345' })));
    expect(first.applyForParking).toMatchObject({ status: 'PENDING_PAYMENT', plate: '鄂A12345', waitlistPosition: null, lot: { capacity: 1, available: 0 } });
    const second = ok(await desk()<{ applyForParking: Record<string, unknown> }>(APPLY, await application(lot.id, { plate: '鄂AD12345' })));
    expect(firstError(await desk()(APPLY, await application(lot.id, { plate: '鄂A12345' })))).toMatchObject({ code: 'CONFLICT', reason: 'PLATE_ALREADY_LEASED' });
    expect(second.applyForParking).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 });
  });

  it('front desk: a second lease for the same household is CONFLICT ONE_SPACE_PER_HOUSEHOLD', async () => {
    const lot = await createTestLot(3);
    const first = await application(lot.id);
    ok(await desk()(APPLY, first));
    const tenant = await registerHolder('TENANT', first.input.unitId);
    expect(firstError(await desk()(APPLY, { input: { ...first.input, ...tenant, plate: '鄂B54321' } }))).toMatchObject({ code: 'CONFLICT', reason: 'ONE_SPACE_PER_HOUSEHOLD' });
  });

  it('front desk: a holder who is not an active owner or tenant of the unit is CONFLICT NOT_A_RESIDENT', async () => {
    const lot = await createTestLot(3);
    const stranger = await application(lot.id, { holderId: randomUUID() });
    expect(firstError(await desk()(APPLY, stranger))).toMatchObject({ code: 'CONFLICT', reason: 'NOT_A_RESIDENT' });
    const member = await registerHolder('HOUSEHOLD_MEMBER');
    expect(firstError(await desk()(APPLY, { input: { ...stranger.input, ...member } }))).toMatchObject({ code: 'CONFLICT', reason: 'NOT_A_RESIDENT' });
    const elsewhere = await registerHolder('OWNER');
    expect(firstError(await desk()(APPLY, { input: { ...stranger.input, holderId: elsewhere.holderId } }))).toMatchObject({ code: 'CONFLICT', reason: 'NOT_A_RESIDENT' });
  });

  it('engineer: may not take parking applications', async () => {
    const lot = await createTestLot(1);
    expect(firstError(await subgraph.as(testIdentity(Role.ENGINEER))(APPLY, await application(lot.id))).code).toBe('FORBIDDEN');
  });
});
