import { TestClock } from '@pm/calendar';
import { Role } from '@pm/identity';
import { firstError, ok } from '@pm/testing';

import { createTestProperty } from './factories';
import { startTestGraph, type TestGraph } from './graph';

/**
 * 日常巡查 (issue 17): rounds that must cover what they were given (5 random floors per building a
 * day, every floor twice a week, every vacant unit a month), findings raised on them as tickets,
 * and the on-site verification of each fix by the end of the next working day.
 */
describe('patrols', () => {
  let graph: TestGraph;
  let propertyId: string;
  let units: { id: string; code: string }[];
  let tower: string;
  /** Friday 20 November 2026, 16:00 in China. */
  const clock = new TestClock('2026-11-20T08:00:00Z');
  const guard = () => graph.as(Role.SECURITY, { name: '巡逻岗 周', propertyIds: [propertyId] });
  const engineer = () => graph.as(Role.ENGINEER, { propertyIds: [propertyId] });
  type Round = { id: string; kind: string; floorsToCheck: { buildingId: string; buildingName: string; floor: number }[]; unitsToCheck: string[]; completedAt: string | null };
  const ROUND = 'id kind floorsToCheck { buildingId buildingName floor } unitsToCheck completedAt';
  const start = async (kind: string) => ok(await guard()<{ startPatrolRound: Round }>(`mutation($p: ID!, $k: PatrolKind!) { startPatrolRound(propertyId: $p, kind: $k) { ${ROUND} } }`, { p: propertyId, k: kind })).startPatrolRound;
  const complete = (id: string, input: Record<string, unknown>) => guard()<{ completePatrolRound: Round }>(`mutation($id: ID!, $input: CompletePatrolInput!) { completePatrolRound(id: $id, input: $input) { ${ROUND} } }`, { id, input });
  const AREAS = ['GROUNDS', 'GREENERY', 'LOBBY', 'CAR_PARK'];
  const FINDING = 'id number kind status location sla { dispatchBy } verificationDueBy verifiedAt verificationOk verificationOverdue';
  type Finding = { id: string; number: string; kind: string; status: string; location: string; sla: { dispatchBy: string }; verificationDueBy: string | null; verifiedAt: string | null; verificationOk: boolean | null; verificationOverdue: boolean };

  beforeAll(async () => {
    graph = await startTestGraph({}, { clock });
    ({ propertyId, units } = await createTestProperty(graph, 2, 'VACANT'));
    // A second, eight-storey building: a daily round checks 5 of its floors.
    const manager = graph.as(Role.PROJECT_MANAGER);
    tower = ok(await manager<{ addBuilding: { id: string } }>('mutation($input: AddBuildingInput!) { addBuilding(input: $input) { id } }', { input: { propertyId, name: '2栋' } })).addBuilding.id;
    ok(await manager('mutation($input: AddUnitsInput!) { addUnits(input: $input) { id } }', {
      input: { buildingId: tower, units: Array.from({ length: 8 }, (_, i) => ({ code: `2-1-${i + 1}01`, floor: i + 1, usage: 'HOME', occupancy: 'OWNER_OCCUPIED' })) },
    }));
  }, 60_000);
  afterAll(() => graph?.stop());

  it('a daily round is given 5 random floors of the tower and the low building’s only floor, and is completed only when all of it was covered', async () => {
    const round = await start('DAILY');
    const towerFloors = round.floorsToCheck.filter((f) => f.buildingId === tower);
    expect(towerFloors).toHaveLength(5);
    expect(new Set(towerFloors.map((f) => f.floor)).size).toBe(5);
    expect(round.floorsToCheck.filter((f) => f.buildingId !== tower).map((f) => f.floor)).toEqual([1]);
    const floors = round.floorsToCheck.map(({ buildingId, floor }) => ({ buildingId, floor }));
    expect(firstError(await complete(round.id, { areasChecked: ['LOBBY'], floorsChecked: floors }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'areasChecked' });
    expect(firstError(await complete(round.id, { areasChecked: AREAS, floorsChecked: floors.slice(1) }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'floorsChecked' });
    expect(ok(await complete(round.id, { areasChecked: AREAS, floorsChecked: floors, note: '大厅地面湿滑已提醒保洁' })).completePatrolRound.completedAt).toBe('2026-11-20T08:00:00.000Z');
    expect(firstError(await complete(round.id, { areasChecked: AREAS, floorsChecked: floors }))).toMatchObject({ code: 'CONFLICT', reason: 'ROUND_COMPLETED' });
    expect(firstError(await graph.as(Role.CASHIER, { propertyIds: [propertyId] })('mutation($p: ID!) { startPatrolRound(propertyId: $p, kind: DAILY) { id } }', { p: propertyId }))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a finding raised on a round is a PATROL_FINDING ticket due for dispatch in 30 minutes, listed on its round; fixed on Friday it is verified by Monday’s close', async () => {
    const round = await start('FULL_COVERAGE');
    expect(round.floorsToCheck).toHaveLength(9); // every floor of both buildings
    const raise = (title: string, location: string) => guard()<{ raisePatrolFinding: Finding }>(`mutation($input: PatrolFindingInput!) { raisePatrolFinding(input: $input) { ${FINDING} } }`, {
      input: { propertyId, roundId: round.id, location, title },
    });
    expect(firstError(await raise('消防通道堆放杂物', ' '))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'location' });
    const finding = ok(await raise('消防通道堆放杂物', '2栋 5F 消防通道')).raisePatrolFinding;
    expect(finding).toMatchObject({ kind: 'PATROL_FINDING', status: 'NEW', location: '2栋 5F 消防通道', sla: { dispatchBy: '2026-11-20T08:30:00.000Z' }, verificationDueBy: null });
    const { patrolRounds } = ok(await guard()<{ patrolRounds: { id: string; findings: { number: string }[] }[] }>(
      'query($p: ID!) { patrolRounds(propertyId: $p, date: "2026-11-20") { id findings { number } } }', { p: propertyId }));
    expect(patrolRounds.find((r) => r.id === round.id)?.findings).toEqual([{ number: finding.number }]);

    // Not fixed yet: nothing to verify.
    const verify = (id: string, okay: boolean, note?: string) => guard()<{ verifyPatrolFinding: Finding }>(`mutation($id: ID!, $ok: Boolean!, $note: String) { verifyPatrolFinding(id: $id, ok: $ok, note: $note) { ${FINDING} } }`, { id, ok: okay, note: note ?? null });
    expect(firstError(await verify(finding.id, true))).toMatchObject({ code: 'CONFLICT', reason: 'NOT_FIXED_YET' });
    ok(await graph.as(Role.FRONT_DESK, { propertyIds: [propertyId] })('mutation($id: ID!) { dispatchTicket(id: $id, department: ENGINEERING) { id } }', { id: finding.id }));
    const fixed = ok(await engineer()<{ resolveTicket: Finding }>(`mutation($id: ID!) { resolveTicket(id: $id, note: "杂物已清理") { ${FINDING} } }`, { id: finding.id })).resolveTicket;
    expect(fixed).toMatchObject({ status: 'CLOSED', verificationDueBy: '2026-11-23T09:30:00.000Z', verificationOverdue: false }); // Monday 17:30

    clock.set('2026-11-23T10:00:00Z'); // Monday 18:00: overdue
    expect(ok(await guard()<{ ticket: Finding }>(`query($id: ID!) { ticket(id: $id) { ${FINDING} } }`, { id: finding.id })).ticket.verificationOverdue).toBe(true);
    expect(firstError(await verify(finding.id, false))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
    const failed = ok(await verify(finding.id, false, '杂物又堆回来了')).verifyPatrolFinding;
    expect(failed).toMatchObject({ verificationOk: false, verifiedAt: '2026-11-23T10:00:00.000Z', verificationOverdue: false });
    expect(firstError(await verify(finding.id, true))).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_VERIFIED' });
    const { tickets } = ok(await guard()<{ tickets: { edges: { node: { title: string; location: string; status: string } }[] } }>(
      'query($p: ID!) { tickets(filter: { propertyId: $p, kind: PATROL_FINDING }, first: 10) { edges { node { title location status } } } }', { p: propertyId }));
    expect(tickets.edges.map((e) => e.node)).toContainEqual({ title: '复查未通过: 消防通道堆放杂物', location: '2栋 5F 消防通道', status: 'NEW' });
    clock.set('2026-11-20T08:00:00Z');
  });

  it('the month’s coverage: the days without a daily round, the weeks short of two full rounds, the vacant units not yet checked', async () => {
    const coverage = async () => ok(await graph.as(Role.SUPERVISOR, { propertyIds: [propertyId] })<{ patrolCoverage: {
      missedDays: string[]; weeks: { weekOf: string; fullCoverageRounds: number; met: boolean }[]; vacantUnits: number; vacantUnitsChecked: number; vacantMet: boolean;
    } }>('query($p: ID!) { patrolCoverage(propertyId: $p, month: "2026-11") { missedDays weeks { weekOf fullCoverageRounds met } vacantUnits vacantUnitsChecked vacantMet } }', { p: propertyId })).patrolCoverage;
    const before = await coverage();
    expect(before.missedDays).toHaveLength(19); // 1–19 November; the 20th has its round
    expect(before.weeks.find((w) => w.weekOf === '2026-11-16')).toMatchObject({ fullCoverageRounds: 0, met: false });
    expect(before).toMatchObject({ vacantUnits: 2, vacantUnitsChecked: 0, vacantMet: false });

    const vacant = await start('VACANT_UNITS');
    expect(vacant.unitsToCheck.sort()).toEqual(units.map((u) => u.id).sort());
    expect(firstError(await complete(vacant.id, { unitsChecked: [units[0].id] }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unitsChecked' });
    ok(await complete(vacant.id, { unitsChecked: units.map((u) => u.id) }));
    for (let i = 0; i < 2; i++) {
      const full = await start('FULL_COVERAGE');
      ok(await complete(full.id, { floorsChecked: full.floorsToCheck.map(({ buildingId, floor }) => ({ buildingId, floor })) }));
    }
    const after = await coverage();
    expect(after.weeks.find((w) => w.weekOf === '2026-11-16')).toMatchObject({ fullCoverageRounds: 2, met: true });
    expect(after).toMatchObject({ vacantUnitsChecked: 2, vacantMet: true });
    expect(firstError(await guard()('query($p: ID!) { patrolCoverage(propertyId: $p, month: "2026-11") { vacantMet } }', { p: propertyId }))).toMatchObject({ code: 'FORBIDDEN' });
  });
});
