import { issueToken, Role } from '@pm/identity';
import { eventually, firstError, ok } from '@pm/testing';

import { createTestProperty, createTestResident } from './factories';
import { startTestGraph, TEST_JWT_SECRET, type TestGraph } from './graph';

const HANDOVER = `mutation($input: HandOverUnitInput!) { handOverUnit(input: $input) {
  id accepted refusalReason keysIssued meterReadings { water electricity gas } defects { description large } owner { id name } unit { code occupancy }
} }`;
const REGISTER = 'mutation($input: RegisterResidentInput!) { registerResident(input: $input) { id } }';
const MOVE_IN = 'mutation($input: MoveInInput!) { moveIn(input: $input) { occupancy } }';
const MOVE_OUT = 'mutation($input: MoveOutInput!) { moveOut(input: $input) { active movedOutAt } }';
const PASS = 'mutation($input: ItemReleasePassInput!) { issueItemReleasePass(input: $input) { number carrierRelation copies items { name quantity } ownerConfirmation { method } } }';

/** The complete checklist of an accepted hand-over, for `unitId`. */
function acceptedHandover(unitId: string, extra: Record<string, unknown> = {}) {
  return {
    unitId,
    owner: { name: '林业主', phone: '13912345678', idNumber: '11010519491231002X' },
    identityChecked: ['ID_CARD', 'PURCHASE_CONTRACT', 'MOVE_IN_NOTICE'],
    prepaid: { months: 3, managementFeeFen: 84_000 },
    documentsSigned: ['HOUSEHOLD_REGISTER', 'BANK_COLLECTION_AGREEMENT', 'FIRE_SAFETY_AGREEMENT', 'KEY_RECEIPT'],
    keysIssued: 3,
    meterReadings: { water: 1.5, electricity: 12, gas: 0.3 },
    ...extra,
  };
}

describe('residents through the gateway', () => {
  let graph: TestGraph;
  let propertyId: string;
  let units: { id: string; code: string }[];
  const desk = () => graph.as(Role.FRONT_DESK);

  beforeAll(async () => {
    graph = await startTestGraph();
    ({ propertyId, units } = await createTestProperty(graph, 6, 'NOT_HANDED_OVER'));
  }, 60_000);
  afterAll(() => graph?.stop());

  it('hand-over: the checklist is enforced and nothing is written on refusal; a refused unit keeps NOT_HANDED_OVER with its reason', async () => {
    const incomplete = acceptedHandover(units[1].id, { documentsSigned: ['HOUSEHOLD_REGISTER'] });
    expect(firstError(await desk()(HANDOVER, { input: incomplete }))).toMatchObject({ code: 'CONFLICT', reason: 'DOCUMENTS_NOT_SIGNED' });
    expect(firstError(await desk()(HANDOVER, { input: acceptedHandover(units[1].id, { prepaid: { months: 1, managementFeeFen: 28_000 } }) }))).toMatchObject({ reason: 'FEES_NOT_PREPAID' });
    expect(firstError(await desk()(HANDOVER, { input: acceptedHandover(units[1].id, { identityChecked: ['ID_CARD'] }) }))).toMatchObject({ reason: 'IDENTITY_NOT_VERIFIED' });
    expect(firstError(await desk()(HANDOVER, { input: { ...acceptedHandover(units[1].id), owner: { name: '林', idNumber: '110105194912310021' } } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'owner.idNumber' });

    const refused = ok(await desk()<{ handOverUnit: { accepted: boolean; unit: { occupancy: string } } }>(HANDOVER, {
      input: { unitId: units[1].id, accepted: false, refusalReason: '客厅墙面大面积开裂, 业主拒收', meterReadings: { water: 0, electricity: 0 }, defects: [{ description: '客厅墙面开裂', large: true }] },
    }));
    expect(refused.handOverUnit).toMatchObject({ accepted: false, unit: { occupancy: 'NOT_HANDED_OVER' } });
    const { unit } = ok(await desk()<{ unit: { occupancy: string; handover: { refusalReason: string }; residents: unknown[] } }>(
      'query($id: ID!) { unit(id: $id) { occupancy handover { refusalReason } residents { id } } }', { id: units[1].id },
    ));
    expect(unit).toEqual({ occupancy: 'NOT_HANDED_OVER', handover: { refusalReason: '客厅墙面大面积开裂, 业主拒收' }, residents: [] });
  });

  it('a property’s own hand-over numbers: its project manager asks six months in advance (audited), the desk’s checklist follows, reset returns the company’s', async () => {
    const SET = 'mutation($p: ID!, $input: HandoverSettingsInput!) { setHandoverSettings(propertyId: $p, input: $input) { handoverSettings { prepaidMonths overridden } } }';
    const manager = graph.as(Role.PROJECT_MANAGER, { propertyIds: [propertyId] });
    expect(firstError(await graph.as(Role.SUPERVISOR)(SET, { p: propertyId, input: { prepaidMonths: 6 } }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(firstError(await manager(SET, { p: propertyId, input: { prepaidMonths: 40 } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'prepaidMonths' });
    expect(ok(await manager<{ setHandoverSettings: { handoverSettings: { prepaidMonths: number; overridden: string[] } } }>(SET, { p: propertyId, input: { prepaidMonths: 6, reason: '高端项目预收半年' } })).setHandoverSettings.handoverSettings)
      .toEqual({ prepaidMonths: 6, overridden: ['prepaidMonths'] });
    expect(firstError(await desk()(HANDOVER, { input: acceptedHandover(units[1].id) }))).toMatchObject({ code: 'CONFLICT', reason: 'FEES_NOT_PREPAID', message: expect.stringContaining('6 months') });
    expect(ok(await manager<{ setHandoverSettings: { handoverSettings: { prepaidMonths: number; overridden: string[] } } }>(SET, { p: propertyId, input: { reset: ['prepaidMonths'] } })).setHandoverSettings.handoverSettings)
      .toEqual({ prepaidMonths: 3, overridden: [] });
    const [change] = await graph.services.residents.orm.em.fork().getConnection().execute<{ by: string; changes: Record<string, unknown>; reason: string }[]>(
      'select by, changes, reason from property_settings_change where property_id = ? order by at, id limit 1', [propertyId]);
    expect(change).toMatchObject({ changes: { prepaidMonths: { from: null, to: 6 } }, reason: '高端项目预收半年' });
  });

  it('hand-over with defects: the owner registered, the unit VACANT, and each defect a repair ticket over NATS (small: today, large: within 7 days)', async () => {
    const { handOverUnit } = ok(await desk()<{ handOverUnit: { accepted: boolean; owner: { name: string }; unit: { occupancy: string }; defects: unknown[] } }>(HANDOVER, {
      input: acceptedHandover(units[0].id, { defects: [{ description: '卫生间地漏反水', large: false }, { description: '阳台推拉门变形', large: true }] }),
    }));
    expect(handOverUnit).toMatchObject({ accepted: true, owner: { name: '林业主' }, unit: { occupancy: 'VACANT' } });
    expect(firstError(await desk()(HANDOVER, { input: acceptedHandover(units[0].id) }))).toMatchObject({ reason: 'ALREADY_HANDED_OVER' });

    type Tickets = { unit: { tickets: { edges: { node: { kind: string; title: string; reporter: { name: string }; sla: { resolveBy: string } } }[] } } };
    const tickets = await eventually(async () => {
      const { unit } = ok(await desk()<Tickets>('query($id: ID!) { unit(id: $id) { tickets { edges { node { kind title reporter { name } sla { resolveBy } } } } } }', { id: units[0].id }));
      expect(unit.tickets.edges).toHaveLength(2);
      return unit.tickets.edges.map((e) => e.node);
    }, 15_000);
    const small = tickets.find((t) => t.title.includes('地漏'))!;
    const large = tickets.find((t) => t.title.includes('推拉门'))!;
    expect(small).toMatchObject({ kind: 'REPAIR', reporter: { name: '林业主' } });
    const days = (iso: string) => (Date.parse(iso) - Date.now()) / 86_400_000;
    expect(days(small.sla.resolveBy)).toBeLessThanOrEqual(4); // the end of this (or the next open) working day
    expect(days(large.sla.resolveBy)).toBeGreaterThan(6.5);
    expect(days(large.sla.resolveBy)).toBeLessThanOrEqual(11);
  });

  it('move-in, tenants and move-out: consent, lease and fees enforced; occupancy follows; the move-out ends the parking lease', async () => {
    ok(await desk()(HANDOVER, { input: acceptedHandover(units[2].id) }));
    const { unit: handed } = ok(await desk()<{ unit: { residents: { id: string; kind: string }[] } }>('query($id: ID!) { unit(id: $id) { residents { id kind } } }', { id: units[2].id }));
    const owner = handed.residents.find((r) => r.kind === 'OWNER')!;
    expect(ok(await desk()<{ moveIn: { occupancy: string } }>(MOVE_IN, { input: { unitId: units[2].id, residentId: owner.id } })).moveIn.occupancy).toBe('OWNER_OCCUPIED');

    expect(firstError(await desk()(REGISTER, { input: { unitId: units[2].id, kind: 'TENANT', name: '赵租客' } }))).toMatchObject({ code: 'CONFLICT', reason: 'OWNER_CONSENT_REQUIRED' });
    const tenant = ok(await desk()<{ registerResident: { id: string } }>(REGISTER, { input: { unitId: units[2].id, kind: 'TENANT', name: '赵租客', ownerConsent: true } })).registerResident;
    expect(firstError(await desk()(MOVE_IN, { input: { unitId: units[2].id, residentId: tenant.id } }))).toMatchObject({ reason: 'LEASE_REQUIRED' });
    expect(ok(await desk()<{ moveIn: { occupancy: string } }>(MOVE_IN, { input: { unitId: units[2].id, residentId: tenant.id, leaseSigned: true, safetyUndertakingSigned: true } })).moveIn.occupancy).toBe('RENTED');

    const { createParkingLot } = ok(await graph.as(Role.SUPERVISOR)<{ createParkingLot: { id: string } }>('mutation($input: CreateParkingLotInput!) { createParkingLot(input: $input) { id } }', { input: { propertyId, name: 'B1', spaceCodes: ['B1-001'] } }));
    const lease = await eventually(async () => ok(await desk()<{ applyForParking: { number: string; status: string } }>('mutation($input: ParkingApplicationInput!) { applyForParking(input: $input) { number status } }', {
      input: { lotId: createParkingLot.id, unitId: units[2].id, holderId: tenant.id, plate: '鄂A12345', drivingLicenseHolder: '赵租客', term: 'MONTHLY' },
    })).applyForParking, 15_000);
    expect(lease.status).toBe('PENDING_PAYMENT');

    // A move-out pass follows the registered move-out: not before it.
    const MOVE_OUT_PASS = 'mutation($input: ItemReleasePassInput!) { issueItemReleasePass(input: $input) { number movingOut { name } } }';
    const movePass = { unitId: units[2].id, carrierName: '赵租客', carrierRelation: 'TENANT', reason: 'MOVE_OUT', items: [{ name: '衣柜', quantity: 1 }], feesSettled: true, movingOutResidentId: tenant.id, ownerConfirmation: { method: 'PHONE', at: new Date(Date.now() - 60_000).toISOString() } };
    expect(firstError(await desk()(MOVE_OUT_PASS, { input: movePass }))).toMatchObject({ code: 'CONFLICT', reason: 'MOVE_OUT_NOT_REGISTERED' });
    expect(firstError(await desk()(MOVE_OUT_PASS, { input: { ...movePass, movingOutResidentId: null } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'movingOutResidentId' });
    expect(firstError(await desk()(MOVE_OUT, { input: { residentId: tenant.id, feesSettled: false, ownerConsent: true } }))).toMatchObject({ code: 'CONFLICT', reason: 'FEES_NOT_SETTLED' });
    expect(firstError(await desk()(MOVE_OUT, { input: { residentId: tenant.id, feesSettled: true, ownerConsent: false } }))).toMatchObject({ reason: 'OWNER_CONSENT_REQUIRED' });
    expect(ok(await desk()<{ moveOut: { active: boolean } }>(MOVE_OUT, { input: { residentId: tenant.id, feesSettled: true, ownerConsent: true } })).moveOut.active).toBe(false);
    expect(ok(await desk()<{ issueItemReleasePass: { movingOut: { name: string } } }>(MOVE_OUT_PASS, { input: movePass })).issueItemReleasePass.movingOut).toEqual({ name: '赵租客' });
    const { unit } = ok(await desk()<{ unit: { occupancy: string; occupancyHistory: { from: string; to: string; reason: string }[] } }>('query($id: ID!) { unit(id: $id) { occupancy occupancyHistory { from to reason } } }', { id: units[2].id }));
    expect(unit.occupancy).toBe('OWNER_OCCUPIED');
    expect(unit.occupancyHistory.map((c) => `${c.reason}:${c.to}`)).toEqual(['MOVE_OUT:OWNER_OCCUPIED', 'MOVE_IN:RENTED', 'MOVE_IN:OWNER_OCCUPIED', 'HANDOVER:VACANT']);

    await eventually(async () => {
      const { unit: withLeases } = ok(await desk()<{ unit: { parkingLeases: { number: string; status: string }[] } }>('query($id: ID!) { unit(id: $id) { parkingLeases { number status } } }', { id: units[2].id }));
      expect(withLeases.parkingLeases).toEqual([{ number: lease.number, status: 'TERMINATED' }]);
    }, 15_000);
  });

  it('item-release passes: refused for a move-out with fees unsettled, and for a carrier who is not the owner without a recorded confirmation', async () => {
    const items = [{ name: '冰箱', quantity: 1 }, { name: '纸箱', quantity: 12 }];
    const base = { unitId: units[2].id, carrierName: '钱师傅', carrierRelation: 'NANNY', reason: 'TEMPORARY', items, feesSettled: true };
    expect(firstError(await desk()(PASS, { input: { ...base, reason: 'MOVE_OUT', feesSettled: false, carrierRelation: 'OWNER' } }))).toMatchObject({ code: 'CONFLICT', reason: 'FEES_NOT_SETTLED' });
    expect(firstError(await desk()(PASS, { input: base }))).toMatchObject({ code: 'CONFLICT', reason: 'OWNER_CONFIRMATION_REQUIRED' });
    expect(firstError(await desk()(PASS, { input: { ...base, items: [{ name: '冰箱', quantity: 0 }] } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'items[0].quantity' });
    const { issueItemReleasePass } = ok(await graph.as(Role.SECURITY)<{ issueItemReleasePass: { number: string; copies: string[]; ownerConfirmation: { method: string } } }>(PASS, {
      input: { ...base, ownerConfirmation: { method: 'PHONE', at: new Date(Date.now() - 60_000).toISOString() } },
    }));
    expect(issueItemReleasePass).toMatchObject({ number: expect.stringMatching(/^FX-\d{8}-\d{5}$/), copies: ['ARCHIVE', 'GUARD'], ownerConfirmation: { method: 'PHONE' } });
  });

  it('the gate checks a pass: goods beyond it refused, the carrier signs, the pass is used up and refused the second time; an expired pass is refused', async () => {
    const ISSUE = 'mutation($input: ItemReleasePassInput!) { issueItemReleasePass(input: $input) { number validUntil } }';
    const CHECK = 'mutation($input: CheckReleasePassInput!) { checkReleasePass(input: $input) { number usedAt checkedBy carrierSignature } }';
    const guard = graph.as(Role.SECURITY, { name: '门岗 赵强' });
    const base = { unitId: units[2].id, carrierName: '业主本人', carrierRelation: 'OWNER', reason: 'TEMPORARY', items: [{ name: '旧沙发', quantity: 1 }, { name: '纸箱', quantity: 5 }], feesSettled: true };
    const { issueItemReleasePass: pass } = ok(await desk()<{ issueItemReleasePass: { number: string; validUntil: string } }>(ISSUE, { input: base }));
    expect(Date.parse(pass.validUntil) - Date.now()).toBeGreaterThan(23 * 3_600_000); // 24 hours by default

    const leaving = { number: pass.number, items: [{ name: '旧沙发', quantity: 1 }, { name: '纸箱', quantity: 4 }], carrierSignature: '李明' };
    expect(firstError(await desk()(CHECK, { input: leaving }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(firstError(await guard(CHECK, { input: { ...leaving, items: [{ name: '纸箱', quantity: 6 }, { name: '空调', quantity: 1 }] } })))
      .toMatchObject({ code: 'CONFLICT', reason: 'ITEMS_NOT_ON_PASS', message: expect.stringContaining('空调 ×1') });
    expect(firstError(await guard(CHECK, { input: { ...leaving, carrierSignature: ' ' } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'carrierSignature' });
    expect(firstError(await graph.as(Role.SECURITY, { propertyIds: ['another-property'] })(CHECK, { input: leaving }))).toMatchObject({ code: 'NOT_FOUND' });
    const { checkReleasePass } = ok(await guard<{ checkReleasePass: { usedAt: string; checkedBy: string; carrierSignature: string } }>(CHECK, { input: leaving }));
    expect(checkReleasePass).toMatchObject({ usedAt: expect.any(String), checkedBy: '门岗 赵强', carrierSignature: '李明' });
    // The same pass at a second gate, or again: used once only.
    expect(firstError(await guard(CHECK, { input: leaving }))).toMatchObject({ code: 'CONFLICT', reason: 'PASS_USED' });

    expect(firstError(await desk()(ISSUE, { input: { ...base, validUntil: new Date(Date.now() + 48 * 3_600_000).toISOString() } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'validUntil' });
    const { issueItemReleasePass: brief } = ok(await desk()<{ issueItemReleasePass: { number: string } }>(ISSUE, { input: { ...base, validUntil: new Date(Date.now() + 1_000).toISOString() } }));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(firstError(await guard(CHECK, { input: { ...leaving, number: brief.number } }))).toMatchObject({ code: 'CONFLICT', reason: 'PASS_EXPIRED' });
  });

  it('personal data: masked for every role but the project manager, whose reads and reveals are logged; integrators never unmasked', async () => {
    const resident = await createTestResident(graph, units[3].id, '周业主');
    const READ = 'query($id: ID!) { resident(id: $id) { phone } }';
    for (const role of [Role.FRONT_DESK, Role.SUPERVISOR, Role.ENGINEER, Role.SECURITY, Role.CASHIER]) {
      expect(ok(await graph.as(role)<{ resident: { phone: string } }>(READ, { id: resident.id })).resident.phone).toBe('138****5678');
    }
    const self = graph.as(Role.RESIDENT, { residentId: resident.id, unitIds: [units[3].id], propertyIds: [propertyId] });
    expect(ok(await self<{ resident: { phone: string } }>(READ, { id: resident.id })).resident.phone).toBe('138****5678');
    const { key } = await graph.gateway.apiKeys.create('物业ERP', ['residents:read'], [propertyId]);
    const integrator = (query: string, variables: Record<string, unknown>) => graph.withHeaders<Record<string, { phone: string }>>({ 'x-api-key': key }, query, variables);
    expect(ok(await integrator(READ, { id: resident.id })).resident.phone).toBe('138****5678');
    expect(firstError(await integrator('mutation($id: ID!) { revealResidentPii(residentId: $id, reason: "对账需要") { phone } }', { id: resident.id }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(firstError(await graph.as(Role.SUPERVISOR)('mutation($id: ID!) { revealResidentPii(residentId: $id, reason: "回访联系") { phone } }', { id: resident.id }))).toMatchObject({ code: 'FORBIDDEN' });

    const manager = graph.as(Role.PROJECT_MANAGER, { sub: 'pm-li', name: '李经理' });
    expect(firstError(await manager('mutation($id: ID!) { revealResidentPii(residentId: $id, reason: "") { phone } }', { id: resident.id }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const { revealResidentPii } = ok(await manager<{ revealResidentPii: { phone: string } }>('mutation($id: ID!) { revealResidentPii(residentId: $id, reason: "漏水紧急联系业主") { phone } }', { id: resident.id }));
    expect(revealResidentPii.phone).toBe('13812345678');
    expect(ok(await manager<{ resident: { phone: string } }>(READ, { id: resident.id })).resident.phone).toBe('13812345678');

    const LOG = 'query($p: ID!, $r: ID) { piiAccessLog(propertyId: $p, residentId: $r) { totalCount edges { node { accessorName reason via fields resident { name } } } } }';
    const { piiAccessLog } = ok(await manager<{ piiAccessLog: { totalCount: number; edges: { node: { accessorName: string; reason: string | null; via: string; fields: string[]; resident: { name: string } } }[] } }>(LOG, { p: propertyId, r: resident.id }));
    expect(piiAccessLog.edges.map((e) => e.node)).toEqual([
      { accessorName: '李经理', reason: null, via: 'QUERY', fields: ['phone'], resident: { name: '周业主' } },
      { accessorName: '李经理', reason: '漏水紧急联系业主', via: 'REVEAL', fields: ['emergencyContactPhone', 'idNumber', 'phone'], resident: { name: '周业主' } },
    ]);
    expect(firstError(await graph.as(Role.SUPERVISOR)(LOG, { p: propertyId, r: null }))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('contact changes: the desk gives a resident a new phone (still masked), logged by field with the reason; bad numbers, no change and other properties refused', async () => {
    const resident = await createTestResident(graph, units[3].id, '吴业主');
    const UPDATE = 'mutation($id: ID!, $input: UpdateResidentContactInput!) { updateResidentContact(id: $id, input: $input) { name phone } }';
    const updated = ok(await desk()<{ updateResidentContact: { name: string; phone: string } }>(UPDATE, { id: resident.id, input: { name: '吴建国', phone: '13987654321', reason: '业主来电更换手机号' } })).updateResidentContact;
    expect(updated).toEqual({ name: '吴建国', phone: '139****4321' });
    expect(firstError(await desk()(UPDATE, { id: resident.id, input: { phone: '12345' } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'phone' });
    expect(firstError(await desk()(UPDATE, { id: resident.id, input: { phone: '13987654321' } }))).toMatchObject({ code: 'CONFLICT', reason: 'NO_CHANGE' });
    expect(firstError(await desk()(UPDATE, { id: resident.id, input: {} }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input' });
    expect(firstError(await graph.as(Role.ENGINEER)(UPDATE, { id: resident.id, input: { name: '别人' } }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(firstError(await graph.as(Role.FRONT_DESK, { propertyIds: ['another-property'] })(UPDATE, { id: resident.id, input: { name: '别人' } }))).toMatchObject({ code: 'NOT_FOUND' });

    const manager = graph.as(Role.PROJECT_MANAGER, { sub: 'pm-wang', name: '王经理' });
    const { piiAccessLog } = ok(await manager<{ piiAccessLog: { edges: { node: { accessorName: string; reason: string | null; via: string; fields: string[] } }[] } }>(
      'query($p: ID!, $r: ID) { piiAccessLog(propertyId: $p, residentId: $r) { edges { node { accessorName reason via fields } } } }', { p: propertyId, r: resident.id }));
    expect(piiAccessLog.edges.map((e) => e.node)).toEqual([{ accessorName: expect.any(String), reason: '业主来电更换手机号', via: 'UPDATE', fields: ['name', 'phone'] }]);
    expect(ok(await manager<{ resident: { phone: string } }>('query($id: ID!) { resident(id: $id) { phone } }', { id: resident.id })).resident.phone).toBe('13987654321');
  });

  it('search by name, phone suffix or unit code; occupancy corrections are audited; reports by building and month (CSV)', async () => {
    await createTestResident(graph, units[4].id, '欧阳娜娜');
    const SEARCH = 'query($p: ID!, $s: String) { residents(propertyId: $p, search: $s) { totalCount edges { node { name unit { code } } } } }';
    const search = async (s: string) => ok(await desk()<{ residents: { edges: { node: { name: string; unit: { code: string } } }[] } }>(SEARCH, { p: propertyId, s })).residents.edges.map((e) => e.node.name);
    expect(await search('欧阳')).toEqual(['欧阳娜娜']);
    expect(await search(units[4].code)).toEqual(['欧阳娜娜']);
    expect(await search('5678')).toContain('欧阳娜娜');
    expect(await search('9999')).toEqual([]);

    const CORRECT = 'mutation($input: CorrectOccupancyInput!) { correctOccupancy(input: $input) { occupancy } }';
    expect(firstError(await desk()(CORRECT, { input: { unitId: units[5].id, occupancy: 'VACANT', reason: '开发商已交付' } }))).toMatchObject({ code: 'FORBIDDEN' });
    ok(await graph.as(Role.SUPERVISOR)(CORRECT, { input: { unitId: units[5].id, occupancy: 'VACANT', reason: '开发商已交付, 系统漏登' } }));

    const { occupancyReport } = ok(await desk()<{ occupancyReport: { status: string; count: number }[] }>('query($p: ID!) { occupancyReport(propertyId: $p) { buildingId status count } }', { p: propertyId }));
    const count = (status: string) => occupancyReport.filter((r) => r.status === status).reduce((n, r) => n + r.count, 0);
    expect({ NOT_HANDED_OVER: count('NOT_HANDED_OVER'), VACANT: count('VACANT'), OWNER_OCCUPIED: count('OWNER_OCCUPIED') }).toEqual({ NOT_HANDED_OVER: 3, VACANT: 2, OWNER_OCCUPIED: 1 });

    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const token = issueToken({ sub: 'sup', name: '主管', roles: [Role.SUPERVISOR], propertyIds: [propertyId] }, TEST_JWT_SECRET);
    const csv = await fetch(graph.url.replace(/\/graphql$/, `/reports/occupancy.csv?propertyId=${propertyId}&month=${month}`), { headers: { authorization: `Bearer ${token}` } });
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('building,units,NOT_HANDED_OVER,VACANT,OWNER_OCCUPIED,OFFICE_OCCUPIED,RENTED,UNDER_RENOVATION,handed over,moved in,moved out,renovation,corrections');
    expect(lines.at(-1)).toBe('TOTAL,6,3,2,1,0,0,0,2,2,1,0,1');
  });

  it('the owner archive keeps household members, emergency contact (masked), birthday and documents signed', async () => {
    const owner = await createTestResident(graph, units[4].id, '欧阳业主');
    await createTestResident(graph, units[4].id, '欧阳小明', 'HOUSEHOLD_MEMBER');
    const ARCHIVE = `mutation($id: ID!, $input: OwnerArchiveInput!) { updateOwnerArchive(residentId: $id, input: $input) {
      household { name } emergencyContact { name phone } birthday bankCollectionAgreement documentsSigned } }`;
    const { updateOwnerArchive } = ok(await desk()<{ updateOwnerArchive: unknown }>(ARCHIVE, {
      id: owner.id, input: { emergencyContactName: '欧阳父', emergencyContactPhone: '13600001234', birthday: '1980-05-04', bankCollectionAgreement: true, documentsSigned: ['KEY_RECEIPT', 'HOUSEHOLD_REGISTER'] },
    }));
    expect(updateOwnerArchive).toEqual({
      household: [{ name: '欧阳小明' }], emergencyContact: { name: '欧阳父', phone: '136****1234' }, birthday: '1980-05-04', bankCollectionAgreement: true, documentsSigned: ['HOUSEHOLD_REGISTER', 'KEY_RECEIPT'],
    });
    expect(firstError(await desk()(ARCHIVE, { id: owner.id, input: { birthday: '1980-13-01' } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'birthday' });
  });

  it('the visitor register records host, purpose and how entry was approved', async () => {
    const { registerVisitor } = ok(await graph.as(Role.SECURITY)<{ registerVisitor: { id: string; admittedBy: string; hostUnit: { code: string } } }>(
      'mutation($input: VisitorInput!) { registerVisitor(input: $input) { id admittedBy hostUnit { code } } }',
      { input: { hostUnitId: units[0].id, visitorName: '快递员', purpose: '送大件', admission: 'HOST_CONFIRMED_ON_INTERCOM' } },
    ));
    expect(registerVisitor).toMatchObject({ admittedBy: `Test ${Role.SECURITY}`, hostUnit: { code: units[0].code } });
    const { visitors } = ok(await desk()<{ visitors: { totalCount: number } }>('query($p: ID!) { visitors(propertyId: $p) { totalCount } }', { p: propertyId }));
    expect(visitors.totalCount).toBe(1);
  });

  it('visitors of the property itself (officials, a tour group) need no host unit but the duty manager’s approval', async () => {
    const REGISTER = 'mutation($input: VisitorInput!) { registerVisitor(input: $input) { visitors approvedBy hostUnit { code } } }';
    const group = { visitorName: '区住建局检查组', visitors: 6, purpose: '物业服务检查', admission: 'DUTY_MANAGER_APPROVED' };
    expect(firstError(await graph.as(Role.SECURITY)(REGISTER, { input: group }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'hostUnitId' });
    expect(firstError(await graph.as(Role.SECURITY)(REGISTER, { input: { ...group, propertyId } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'approvedBy' });
    expect(firstError(await graph.as(Role.SECURITY, { propertyIds: ['another-property'] })(REGISTER, { input: { ...group, propertyId, approvedBy: '值班经理 陈' } }))).toMatchObject({ code: 'FORBIDDEN' });
    const { registerVisitor } = ok(await graph.as(Role.SECURITY)<{ registerVisitor: { visitors: number; approvedBy: string; hostUnit: null } }>(REGISTER, { input: { ...group, propertyId, approvedBy: '值班经理 陈' } }));
    expect(registerVisitor).toEqual({ visitors: 6, approvedBy: '值班经理 陈', hostUnit: null });
  });
});
