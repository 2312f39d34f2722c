import { TestClock } from '@pm/calendar';
import { issueToken, Role } from '@pm/identity';
import { parkingEnvironment, ParkingScheduler, parkingSettings } from '@pm/parking-service';
import { parseEnvironment } from '@pm/runtime';
import { eventually, firstError, ok, waitForEvent } from '@pm/testing';

import { createTestProperty, createTestResident } from './factories';
import { startTestGraph, TEST_JWT_SECRET, type TestGraph } from './graph';

const LEASE = 'id number status plate spaceCode passCardNo startsOn endsOn waitlistPosition amountDueFen offerExpiresAt unit { code } payments { receiptNo amountFen periodStart periodEnd renewal }';
type Lease = {
  id: string; number: string; status: string; plate: string; spaceCode: string | null; passCardNo: string | null; startsOn: string | null; endsOn: string | null;
  waitlistPosition: number | null; amountDueFen: number | null; offerExpiresAt: string | null; unit: { code: string };
  payments: { receiptNo: string; amountFen: number; periodStart: string; periodEnd: string; renewal: boolean }[];
};

/** Parking end to end through the gateway: one space per household, the waiting list, payments, renewals, expiry (issue 12). */
describe('parking through the gateway', () => {
  let graph: TestGraph;
  /** Monday 23 November 2026, 10:00 in China. */
  const clock = new TestClock('2026-11-23T02:00:00Z');
  let propertyId: string;
  let units: { id: string; code: string }[];
  const owners: string[] = [];
  let plateNo = 20000;
  const desk = () => graph.as(Role.FRONT_DESK);
  const cashier = () => graph.as(Role.CASHIER);
  const supervisor = () => graph.as(Role.SUPERVISOR);

  async function createLot(name: string, spaces: number): Promise<string> {
    const { createParkingLot } = ok(await supervisor()<{ createParkingLot: { id: string } }>('mutation($input: CreateParkingLotInput!) { createParkingLot(input: $input) { id } }', {
      input: { propertyId, name, spaceCodes: Array.from({ length: spaces }, (_, i) => `${name}-${i + 1}`) },
    }));
    return createParkingLot.id;
  }
  const application = (lotId: string, u: number, extra: Record<string, unknown> = {}) => {
    plateNo += 1;
    return { lotId, unitId: units[u].id, holderId: owners[u], plate: `鄂A${plateNo}`, vehicleModel: '大众朗逸', drivingLicenseHolder: '业主', term: 'MONTHLY', ...extra };
  };
  const apply = async (input: Record<string, unknown>) =>
    ok(await desk()<{ applyForParking: Lease }>(`mutation($input: ParkingApplicationInput!) { applyForParking(input: $input) { ${LEASE} } }`, { input })).applyForParking;
  const leaseOf = async (id: string) => ok(await desk()<{ parkingLease: Lease }>(`query($id: ID!) { parkingLease(id: $id) { ${LEASE} } }`, { id })).parkingLease;
  const pay = (leaseId: string, amountFen: number, receiptNo: string, startsOn?: string) =>
    cashier()<{ recordParkingPayment: Lease }>(`mutation($id: ID!, $a: Int!, $r: String!, $s: Date) { recordParkingPayment(leaseId: $id, amountFen: $a, receiptNo: $r, startsOn: $s) { ${LEASE} } }`, { id: leaseId, a: amountFen, r: receiptNo, s: startsOn });
  const terminate = async (leaseId: string, reason: string) =>
    ok(await desk()<{ terminateParkingLease: Lease }>(`mutation($id: ID!, $r: String!) { terminateParkingLease(leaseId: $id, reason: $r) { ${LEASE} } }`, { id: leaseId, r: reason })).terminateParkingLease;
  const outboxCount = async (subject: string, leaseId: string) => {
    const [row] = await graph.services.parking.orm.em.fork().getConnection().execute(
      "select count(*)::int as n from outbox where subject = ? and envelope->'payload'->>'leaseId' = ?", [subject, leaseId]);
    return row.n as number;
  };

  beforeAll(async () => {
    graph = await startTestGraph({}, { clock, serviceSettings: { parking: { PARKING_SCAN_SECONDS: '1' } } });
    ({ propertyId, units } = await createTestProperty(graph, 12));
    for (const unit of units) owners.push((await createTestResident(graph, unit.id, '业主')).id);
    await eventually(async () => {
      const [row] = await graph.services.parking.orm.em.fork().getConnection().execute('select count(*)::int as n from unit_resident where property_id = ?', [propertyId]);
      if (row.n !== owners.length) throw new Error('parking has not heard of every resident yet');
    });
  }, 90_000);
  afterAll(() => graph?.stop());

  it('20 concurrent applications for one household across two lots: exactly one live lease', async () => {
    const [east, west] = [await createLot('E', 5), await createLot('W', 5)];
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => desk()<{ applyForParking: Lease }>(
      'mutation($input: ParkingApplicationInput!) { applyForParking(input: $input) { id } }', { input: application(i % 2 ? east : west, 0) })));
    const succeeded = responses.filter((r) => r.data?.applyForParking);
    expect(succeeded).toHaveLength(1);
    expect(responses.filter((r) => !r.data?.applyForParking).map((r) => firstError(r))).toEqual(Array(19).fill(expect.objectContaining({ code: 'CONFLICT', reason: 'ONE_SPACE_PER_HOUSEHOLD' })));
    const [row] = await graph.services.parking.orm.em.fork().getConnection().execute(
      "select count(*)::int as n from parking_lease where unit_id = ? and status in ('WAITLISTED', 'PENDING_PAYMENT', 'ACTIVE')", [units[0].id]);
    expect(row.n).toBe(1);
  });

  it('a full lot serves three waiting households in order; a wrong amount is refused; payment assigns space and card; a renewal extends the term; an unpaid offer passes on', async () => {
    const lotId = await createLot('S', 1);
    ok(await supervisor()('mutation($l: ID!) { setParkingPrices(lotId: $l, prices: [{ term: MONTHLY, amountFen: 25000 }]) { id } }', { l: lotId }));
    const first = await apply(application(lotId, 1));
    // Monday 10:00 + 3 working days.
    expect(first).toMatchObject({ status: 'PENDING_PAYMENT', amountDueFen: 25_000, offerExpiresAt: '2026-11-26T02:00:00.000Z', waitlistPosition: null });
    const [second, third, fourth] = [await apply(application(lotId, 2)), await apply(application(lotId, 3)), await apply(application(lotId, 4))];
    expect([second, third, fourth].map((l) => [l.status, l.waitlistPosition])).toEqual([['WAITLISTED', 1], ['WAITLISTED', 2], ['WAITLISTED', 3]]);
    // The third withdraws: the others keep their order.
    await terminate(third.id, '业主已另租车位');
    expect([(await leaseOf(second.id)).waitlistPosition, (await leaseOf(fourth.id)).waitlistPosition]).toEqual([1, 2]);

    expect(firstError(await pay(first.id, 30_000, 'SK-001'))).toMatchObject({ code: 'CONFLICT', reason: 'AMOUNT_MISMATCH' });
    const active = ok(await pay(first.id, 25_000, 'SK-001')).recordParkingPayment;
    expect(active).toMatchObject({ status: 'ACTIVE', spaceCode: 'S-1', passCardNo: expect.stringMatching(/^YK-\d{8}-\d{5}$/), startsOn: '2026-11-23', endsOn: '2026-12-22', offerExpiresAt: null });
    const renewed = ok(await pay(first.id, 25_000, 'SK-002')).recordParkingPayment;
    expect(renewed.endsOn).toBe('2027-01-22');
    expect(renewed.payments.map((p) => [p.receiptNo, p.periodStart, p.periodEnd, p.renewal])).toEqual([['SK-001', '2026-11-23', '2026-12-22', false], ['SK-002', '2026-12-23', '2027-01-22', true]]);

    // The first household gives the space up: the next in line is offered it, and told.
    const since = new Date(Date.now() - 1000);
    await terminate(first.id, '车辆已出售');
    const offered = await leaseOf(second.id);
    expect(offered).toMatchObject({ status: 'PENDING_PAYMENT', offerExpiresAt: '2026-11-26T02:00:00.000Z' });
    await waitForEvent('pm.parking.lease.offered', since, (e) => (e.payload as { leaseId: string }).leaseId === second.id);
    expect((await leaseOf(fourth.id)).waitlistPosition).toBe(1);

    // Not paid by Thursday 10:00: the offer passes to the next household.
    clock.set('2026-11-26T02:01:00Z');
    try {
      await eventually(async () => expect((await leaseOf(second.id)).status).toBe('TERMINATED'));
      const next = await leaseOf(fourth.id);
      expect(next).toMatchObject({ status: 'PENDING_PAYMENT', offerExpiresAt: '2026-12-01T02:01:00.000Z' });
      expect(firstError(await pay(fourth.id, 25_000, 'SK-002'))).toMatchObject({ code: 'CONFLICT', reason: 'RECEIPT_USED' });
      expect(ok(await pay(fourth.id, 25_000, 'SK-003')).recordParkingPayment).toMatchObject({ status: 'ACTIVE', spaceCode: 'S-1' });
      expect(await outboxCount('pm.parking.lease.offered', fourth.id)).toBe(1);
    } finally {
      clock.set('2026-11-23T02:00:00Z');
    }
  });

  it('a space out of service lowers capacity; back in service it goes to the waiting list; a leased space cannot be taken out', async () => {
    const lotId = await createLot('M', 2);
    const lot = async () => ok(await desk()<{ parkingLot: Record<string, number> }>('query($id: ID!) { parkingLot(id: $id) { capacity available occupied pendingPayment waiting outOfService } }', { id: lotId })).parkingLot;
    const held = await apply(application(lotId, 5));
    expect(firstError(await supervisor()('mutation($l: ID!) { setParkingSpaceInService(lotId: $l, code: "M-2", inService: false) { code } }', { l: lotId }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    ok(await supervisor()('mutation($l: ID!) { setParkingSpaceInService(lotId: $l, code: "M-2", inService: false, reason: "地面破损维修") { code } }', { l: lotId }));
    expect(await lot()).toEqual({ capacity: 1, available: 0, occupied: 0, pendingPayment: 1, waiting: 0, outOfService: 1 });
    const waiting = await apply(application(lotId, 6));
    expect(waiting.status).toBe('WAITLISTED');
    ok(await supervisor()('mutation($l: ID!) { setParkingSpaceInService(lotId: $l, code: "M-2", inService: true) { code } }', { l: lotId }));
    expect((await leaseOf(waiting.id)).status).toBe('PENDING_PAYMENT');
    // A new space (an EV charger) goes to the next household in line at once.
    const third = await apply(application(lotId, 11));
    expect(third.status).toBe('WAITLISTED');
    ok(await supervisor()('mutation($l: ID!) { addParkingSpaces(lotId: $l, spaces: [{ code: "M-EV1", kind: EV_CHARGING }]) { id } }', { l: lotId }));
    expect((await leaseOf(third.id)).status).toBe('PENDING_PAYMENT');
    // The driving licence names the holder or a member of their household, not a neighbour.
    expect(firstError(await desk()('mutation($input: ParkingApplicationInput!) { applyForParking(input: $input) { id } }', {
      input: application(lotId, 2, { drivingLicenseHolderId: owners[3] }),
    }))).toMatchObject({ code: 'CONFLICT', reason: 'LICENCE_HOLDER_NOT_OF_HOUSEHOLD' });
    ok(await pay(held.id, 30_000, 'SK-M1'));
    expect(firstError(await supervisor()('mutation($l: ID!) { setParkingSpaceInService(lotId: $l, code: "M-1", inService: false, reason: "x") { code } }', { l: lotId }))).toMatchObject({ code: 'CONFLICT', reason: 'SPACE_IN_USE' });
    // A guard at the gate looks the plate up.
    const { parkingLeasesByPlate } = ok(await graph.as(Role.SECURITY)<{ parkingLeasesByPlate: { status: string; spaceCode: string; unit: { code: string } }[] }>(
      'query($p: ID!, $plate: String!) { parkingLeasesByPlate(propertyId: $p, plate: $plate) { status spaceCode unit { code } } }', { p: propertyId, plate: held.plate.toLowerCase() }));
    expect(parkingLeasesByPlate).toEqual([{ status: 'ACTIVE', spaceCode: 'M-1', unit: { code: units[5].code } }]);
  });

  it('a reminder a week before the end; at the end the lease expires and frees its space to the next in line, exactly once with two more schedulers racing', async () => {
    const lotId = await createLot('X', 1);
    const expiring = await apply(application(lotId, 7));
    // A lease already running on paper since 1 November: it ends on 30 November.
    expect(ok(await pay(expiring.id, 30_000, 'SK-X1', '2026-11-01')).recordParkingPayment).toMatchObject({ startsOn: '2026-11-01', endsOn: '2026-11-30' });
    const next = await apply(application(lotId, 8));
    await eventually(async () => expect(await outboxCount('pm.parking.lease.expiring', expiring.id)).toBe(1));

    const settings = parkingSettings(parseEnvironment(parkingEnvironment, {}));
    const replicas = [0, 1].map(() => new ParkingScheduler(graph.services.parking.orm, { clock, settings }));
    clock.set('2026-12-01T02:00:00Z');
    try {
      await Promise.all(replicas.map((r) => r.scanOnce()));
      await eventually(async () => expect((await leaseOf(expiring.id)).status).toBe('EXPIRED'));
      await Promise.all(replicas.map((r) => r.scanOnce()));
      expect((await leaseOf(next.id)).status).toBe('PENDING_PAYMENT');
      expect(await outboxCount('pm.parking.lease.expired', expiring.id)).toBe(1);
      expect(await outboxCount('pm.parking.lease.offered', next.id)).toBe(1);
      expect(await outboxCount('pm.parking.lease.expiring', expiring.id)).toBe(1);
    } finally {
      clock.set('2026-11-23T02:00:00Z');
    }
  });

  it('a resident moving out ends their lease and the next household in line is offered the space', async () => {
    const lotId = await createLot('Y', 1);
    const leaving = await apply(application(lotId, 9));
    ok(await pay(leaving.id, 30_000, 'SK-Y1'));
    const next = await apply(application(lotId, 10));
    ok(await desk()('mutation($input: MoveOutInput!) { moveOut(input: $input) { id } }', { input: { residentId: owners[9], feesSettled: true, ownerConsent: true } }));
    await eventually(async () => expect((await leaseOf(leaving.id)).status).toBe('TERMINATED'));
    expect(await leaseOf(next.id)).toMatchObject({ status: 'PENDING_PAYMENT', waitlistPosition: null });
  });

  it('the register (月租办理记录) and income of the month; the register as CSV with phones masked; other properties see nothing', async () => {
    const { parkingIncome } = ok(await cashier()<{ parkingIncome: { payments: number; totalFen: number; byTerm: { term: string; payments: number; amountFen: number }[] } }>(
      'query($p: ID!) { parkingIncome(propertyId: $p, month: "2026-11") { payments totalFen byTerm { term payments amountFen } byLot { lot { name } amountFen } } }', { p: propertyId }));
    expect(parkingIncome.payments).toBeGreaterThanOrEqual(6);
    expect(parkingIncome.byTerm.find((t) => t.term === 'MONTHLY')!.amountFen).toBe(parkingIncome.totalFen);
    const token = issueToken({ sub: 'csv-cashier', name: '收银', roles: [Role.CASHIER], propertyIds: [propertyId] }, TEST_JWT_SECRET);
    const csv = await fetch(`${graph.url.replace(/\/graphql$/, '/reports/parking-register.csv')}?propertyId=${propertyId}&month=2026-11`, { headers: { authorization: `Bearer ${token}` } });
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).split('\r\n');
    expect(lines[0]).toBe('date,holder,phone,unit,vehicle model,plate,term,period,card number,space,amount (CNY),receipt');
    expect(lines.find((l) => l.includes('SK-001'))).toMatch(/^2026-11-23 10:00,业主,138\*\*\*\*5678,1-1-102,大众朗逸,鄂A\d{5},MONTHLY,2026-11-23 – 2026-12-22,YK-\d{8}-\d{5},S-1,250\.00,SK-001$/);
    const stranger = graph.as(Role.CASHIER, { propertyIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(firstError(await stranger('query($p: ID!) { parkingRegister(propertyId: $p, month: "2026-11") { receiptNo } }', { p: propertyId })).code).toBe('FORBIDDEN');
    expect(firstError(await stranger('query($p: ID!) { parkingLeasesByPlate(propertyId: $p, plate: "鄂A20001") { id } }', { p: propertyId })).code).toBe('FORBIDDEN');
  });
});
