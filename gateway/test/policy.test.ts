import { BusinessCalendar } from '@pm/calendar';
import {
  ALL_PROPERTIES, canAccessProperty, type GuardedType, hasRole, type Identity, issueToken, mayRead, PERSONAL_DATA_FIELDS, READ_POLICY, type RecordFacts,
  Role, SAME_FOR_EVERY_STAFF_ROLE, STAFF_ROLES,
} from '@pm/identity';
import { eventually, ok, postGraphQL } from '@pm/testing';
import fc from 'fast-check';
import { buildClientSchema, getIntrospectionQuery, getNamedType, type GraphQLObjectType, type IntrospectionQuery, isNonNullType, isObjectType } from 'graphql';

import { createFixtures, operationFor, valueArbitrary } from './arbitraries';
import { createTestProperty, createTestResident } from './factories';
import { startTestGraph, TEST_JWT_SECRET, type TestGraph } from './graph';

/** The records every probe is about: property A (two neighbouring units and their owners, one of everything) and property B. */
interface World {
  A: string; B: string; building: string; u1: string; u2: string; code1: string; r1: string; r2: string;
  ticket: string; renovation: string; lot: string; lease: string; survey: string; visitor: string; pass: string;
}

/** Who may run an operation at all (before the record rules of READ_POLICY): staff roles, residents, an integrator scope. */
interface OperationRule {
  /** Staff roles allowed (implied roles count); absent: any staff. */
  roles?: readonly Role[];
  residents?: boolean;
  /** Integrators need this scope; null: integrators never. */
  scope?: string | null;
}

/**
 * One row of the access table: a query, the record whose id must (or must not) appear in the answer,
 * and the chain of records the answer passes through on the way (each checked against READ_POLICY).
 */
interface Probe {
  name: string;
  query: string;
  vars: (w: World) => Record<string, unknown>;
  /** The id that shows the caller saw the record; absent: the operation answering at all. */
  target?: (w: World) => string;
  chain?: (w: World) => [GuardedType, RecordFacts][];
  operation?: OperationRule;
  /** The property the operation is asked about, for operation-level property checks. */
  property?: (w: World) => string;
}

const property = (w: World, id = w.A): [GuardedType, RecordFacts] => ['Property', { propertyId: id }];
const building = (w: World): [GuardedType, RecordFacts] => ['Building', { propertyId: w.A }];
const unit = (w: World, id: string): [GuardedType, RecordFacts] => ['Unit', { propertyId: w.A, unitId: id }];
const resident = (w: World, id: string, unitId: string): [GuardedType, RecordFacts] => ['Resident', { propertyId: w.A, unitId, residentId: id }];
const ticket = (w: World): [GuardedType, RecordFacts] => ['Ticket', { propertyId: w.A, unitId: w.u1, residentId: w.r1 }];
const renovation = (w: World): [GuardedType, RecordFacts] => ['RenovationApplication', { propertyId: w.A, unitId: w.u1, residentId: w.r1 }];
const lease = (w: World): [GuardedType, RecordFacts] => ['ParkingLease', { propertyId: w.A, unitId: w.u1, residentId: w.r1 }];
const lot = (w: World): [GuardedType, RecordFacts] => ['ParkingLot', { propertyId: w.A }];
const survey = (w: World): [GuardedType, RecordFacts] => ['Survey', { propertyId: w.A }];

/** How long setup waits for renovation and parking to learn the new units from residents' events (once over 20 s under a full parallel suite). */
const READ_MODEL_MS = 60_000;

const DESK_WORK = [Role.FRONT_DESK, Role.ENGINEER, Role.SECURITY, Role.CASHIER];
/** The month (China time) the world's records are made in. */
const THIS_MONTH = new BusinessCalendar().localMonth(new Date());

/** The table: every query of the graph, and the nested fields that reach people, units and property data. */
const PROBES: Probe[] = [
  { name: 'property', query: 'query($id: ID!) { property(id: $id) { id } }', vars: (w) => ({ id: w.A }), target: (w) => w.A, chain: (w) => [property(w)] },
  { name: 'properties', query: '{ properties { id } }', vars: () => ({}), target: (w) => w.A, chain: (w) => [property(w)] },
  { name: 'unit', query: 'query($id: ID!) { unit(id: $id) { id } }', vars: (w) => ({ id: w.u1 }), target: (w) => w.u1, chain: (w) => [unit(w, w.u1)] },
  { name: 'unitByCode', query: 'query($p: ID!, $c: String!) { unitByCode(propertyId: $p, code: $c) { id } }', vars: (w) => ({ p: w.A, c: w.code1 }), target: (w) => w.u1, chain: (w) => [unit(w, w.u1)] },
  { name: 'units', query: 'query($p: ID!) { units(propertyId: $p) { edges { node { id } } } }', vars: (w) => ({ p: w.A }), target: (w) => w.u1, chain: (w) => [unit(w, w.u1)], operation: { residents: true, scope: 'residents:read' }, property: (w) => w.A },
  { name: 'resident', query: 'query($id: ID!) { resident(id: $id) { id } }', vars: (w) => ({ id: w.r1 }), target: (w) => w.r1, chain: (w) => [resident(w, w.r1, w.u1)] },
  { name: 'residents', query: 'query($p: ID!) { residents(propertyId: $p) { edges { node { id } } } }', vars: (w) => ({ p: w.A }), target: (w) => w.r1, chain: (w) => [resident(w, w.r1, w.u1)], operation: { roles: DESK_WORK, scope: 'residents:read' }, property: (w) => w.A },
  { name: 'ticket', query: 'query($id: ID!) { ticket(id: $id) { id } }', vars: (w) => ({ id: w.ticket }), target: (w) => w.ticket, chain: (w) => [ticket(w)] },
  { name: 'tickets', query: 'query($p: ID!) { tickets(filter: { propertyId: $p }) { edges { node { id } } } }', vars: (w) => ({ p: w.A }), target: (w) => w.ticket, chain: (w) => [ticket(w)], operation: { residents: true, scope: 'tickets:read' }, property: (w) => w.A },
  { name: 'renovation', query: 'query($id: ID!) { renovation(id: $id) { id } }', vars: (w) => ({ id: w.renovation }), target: (w) => w.renovation, chain: (w) => [renovation(w)] },
  { name: 'renovations', query: 'query($p: ID!) { renovations(propertyId: $p) { edges { node { id } } } }', vars: (w) => ({ p: w.A }), target: (w) => w.renovation, chain: (w) => [renovation(w)], operation: { roles: DESK_WORK, scope: 'renovation:read' }, property: (w) => w.A },
  { name: 'renovationRegister', query: 'query($p: ID!, $m: String!) { renovationRegister(propertyId: $p, month: $m) { id } }', vars: (w) => ({ p: w.A, m: THIS_MONTH }), target: (w) => w.renovation, chain: (w) => [renovation(w)], operation: { roles: DESK_WORK, scope: 'renovation:read' }, property: (w) => w.A },
  { name: 'renovationDepositsDue', query: 'query($p: ID!) { renovationDepositsDue(propertyId: $p, month: "2026-11") { id } }', vars: (w) => ({ p: w.A }), operation: { roles: DESK_WORK, scope: 'renovation:read' }, property: (w) => w.A },
  { name: 'renovationFeeSchedule', query: 'query($p: ID!) { renovationFeeSchedule(propertyId: $p) { depositFen } }', vars: (w) => ({ p: w.A }), operation: { roles: DESK_WORK, scope: 'renovation:read' }, property: (w) => w.A },
  { name: 'parkingLot', query: 'query($id: ID!) { parkingLot(id: $id) { id } }', vars: (w) => ({ id: w.lot }), target: (w) => w.lot, chain: (w) => [lot(w)] },
  { name: 'parkingLeases', query: 'query($l: ID!) { parkingLeases(lotId: $l) { edges { node { id } } } }', vars: (w) => ({ l: w.lot }), target: (w) => w.lease, chain: (w) => [lease(w)], operation: { scope: 'parking:read' }, property: (w) => w.A },
  { name: 'parkingLots', query: 'query($p: ID!) { parkingLots(propertyId: $p) { id } }', vars: (w) => ({ p: w.A }), target: (w) => w.lot, chain: (w) => [lot(w)], operation: { residents: true, scope: 'parking:read' }, property: (w) => w.A },
  { name: 'parkingLease', query: 'query($id: ID!) { parkingLease(id: $id) { id } }', vars: (w) => ({ id: w.lease }), target: (w) => w.lease, chain: (w) => [lease(w)] },
  { name: 'parkingLeasesByPlate', query: 'query($p: ID!) { parkingLeasesByPlate(propertyId: $p, plate: "粤B12345") { id } }', vars: (w) => ({ p: w.A }), target: (w) => w.lease, chain: (w) => [lease(w)], operation: { roles: [Role.FRONT_DESK, Role.SECURITY, Role.CASHIER], scope: 'parking:read' }, property: (w) => w.A },
  { name: 'parkingRegister', query: 'query($p: ID!) { parkingRegister(propertyId: $p, month: "2026-11") { id } }', vars: (w) => ({ p: w.A }), operation: { roles: [Role.CASHIER, Role.SUPERVISOR], scope: 'parking:read' }, property: (w) => w.A },
  { name: 'parkingIncome', query: 'query($p: ID!) { parkingIncome(propertyId: $p, month: "2026-11") { totalFen } }', vars: (w) => ({ p: w.A }), operation: { roles: [Role.CASHIER, Role.SUPERVISOR], scope: 'parking:read' }, property: (w) => w.A },
  { name: 'survey', query: 'query($id: ID!) { survey(id: $id) { id } }', vars: (w) => ({ id: w.survey }), target: (w) => w.survey, chain: (w) => [survey(w)] },
  { name: 'surveys', query: 'query($p: ID!) { surveys(propertyId: $p) { edges { node { id } } } }', vars: (w) => ({ p: w.A }), target: (w) => w.survey, chain: (w) => [survey(w)], operation: { residents: true, scope: 'surveys:read' }, property: (w) => w.A },
  { name: 'visits', query: 'query($p: ID!) { visits(propertyId: $p, month: "2026-11") { id } }', vars: (w) => ({ p: w.A }), operation: { roles: [Role.FRONT_DESK], scope: 'surveys:read' }, property: (w) => w.A },
  { name: 'visitSummary', query: 'query($p: ID!) { visitSummary(propertyId: $p, month: "2026-11") { total } }', vars: (w) => ({ p: w.A }), operation: { roles: [Role.SUPERVISOR], scope: 'surveys:read' }, property: (w) => w.A },
  { name: 'visitors', query: 'query($p: ID!) { visitors(propertyId: $p) { edges { node { id } } } }', vars: (w) => ({ p: w.A }), target: (w) => w.visitor, chain: (w) => [['VisitorEntry', { propertyId: w.A, unitId: w.u1 }]], operation: { roles: [Role.SECURITY, Role.FRONT_DESK], scope: null }, property: (w) => w.A },
  { name: 'itemReleasePasses', query: 'query($u: ID!) { itemReleasePasses(unitId: $u) { id } }', vars: (w) => ({ u: w.u1 }), target: (w) => w.pass, chain: (w) => [['ItemReleasePass', { propertyId: w.A, unitId: w.u1 }]], operation: { roles: [Role.SECURITY, Role.FRONT_DESK], scope: null }, property: (w) => w.A },
  { name: 'piiAccessLog', query: 'query($p: ID!) { piiAccessLog(propertyId: $p) { totalCount } }', vars: (w) => ({ p: w.A }), operation: { roles: [Role.PROJECT_MANAGER], scope: null }, property: (w) => w.A },
  { name: 'occupancyReport', query: 'query($p: ID!) { occupancyReport(propertyId: $p) { count } }', vars: (w) => ({ p: w.A }), operation: { roles: STAFF_ROLES, scope: 'residents:read' }, property: (w) => w.A },
  { name: 'occupancyMonthlyReport', query: 'query($p: ID!) { occupancyMonthlyReport(propertyId: $p, month: "2026-11") { month } }', vars: (w) => ({ p: w.A }), operation: { roles: [Role.SUPERVISOR], scope: 'residents:read' }, property: (w) => w.A },
  { name: 'serviceSatisfaction', query: 'query($p: ID!) { serviceSatisfaction(propertyId: $p, month: "2026-11") { kind } }', vars: (w) => ({ p: w.A }), operation: { roles: [Role.SUPERVISOR], scope: 'surveys:read' }, property: (w) => w.A },
  { name: 'serviceCatalogue', query: 'query($p: ID!) { serviceCatalogue(propertyId: $p) { code } }', vars: (w) => ({ p: w.A }), operation: { residents: true, scope: 'tickets:read' }, property: (w) => w.A },
  { name: 'ticketSummary', query: 'query($p: ID!) { ticketSummary(propertyId: $p, from: "2026-11-01T00:00:00Z", to: "2026-11-30T00:00:00Z") { total } }', vars: (w) => ({ p: w.A }), operation: { roles: [Role.SUPERVISOR], scope: 'tickets:read' }, property: (w) => w.A },
  { name: 'paidRepairReport', query: 'query($p: ID!) { paidRepairReport(propertyId: $p, month: "2026-11") { month } }', vars: (w) => ({ p: w.A }), operation: { roles: [Role.SUPERVISOR, Role.CASHIER], scope: 'tickets:read' }, property: (w) => w.A },
  { name: 'complaintAnalysis', query: 'query($p: ID!) { complaintAnalysis(propertyId: $p, from: "2026-11-01T00:00:00Z", to: "2026-11-30T00:00:00Z") { total } }', vars: (w) => ({ p: w.A }), operation: { roles: [Role.SUPERVISOR], scope: 'tickets:read' }, property: (w) => w.A },
  { name: 'propertySettings', query: 'query($p: ID!) { propertySettings(propertyId: $p) { propertyId } }', vars: (w) => ({ p: w.A }), operation: { roles: STAFF_ROLES, scope: null }, property: (w) => w.A },
  { name: 'notificationRecipients', query: 'query($p: ID!) { notificationRecipients(propertyId: $p) { id } }', vars: (w) => ({ p: w.A }), operation: { roles: [Role.SUPERVISOR, Role.PROJECT_MANAGER], scope: null }, property: (w) => w.A },
  { name: 'notificationDeliveries', query: 'query($p: ID!) { notificationDeliveries(propertyId: $p) { id } }', vars: (w) => ({ p: w.A }), operation: { roles: [Role.SUPERVISOR, Role.PROJECT_MANAGER], scope: null }, property: (w) => w.A },
  { name: 'notifications', query: 'query($p: ID!) { notifications(propertyId: $p) { id } }', vars: (w) => ({ p: w.A }), operation: { roles: STAFF_ROLES, scope: null }, property: (w) => w.A },
  { name: 'patrolRounds', query: 'query($p: ID!) { patrolRounds(propertyId: $p, date: "2026-11-20") { id } }', vars: (w) => ({ p: w.A }), operation: { roles: [Role.FRONT_DESK, Role.SECURITY, Role.ENGINEER, Role.SUPERVISOR], scope: null }, property: (w) => w.A },
  { name: 'patrolCoverage', query: 'query($p: ID!) { patrolCoverage(propertyId: $p, month: "2026-11") { vacantMet } }', vars: (w) => ({ p: w.A }), operation: { roles: [Role.SUPERVISOR], scope: null }, property: (w) => w.A },
  { name: 'ticketPiiAccessLog', query: 'query($p: ID!) { ticketPiiAccessLog(propertyId: $p) { id } }', vars: (w) => ({ p: w.A }), operation: { roles: [Role.PROJECT_MANAGER], scope: null }, property: (w) => w.A },
  { name: 'pendingDeadlineExtensions', query: 'query($p: ID!) { pendingDeadlineExtensions(propertyId: $p) { id } }', vars: (w) => ({ p: w.A }), operation: { roles: [Role.SUPERVISOR, Role.PROJECT_MANAGER], scope: 'tickets:read' }, property: (w) => w.A },
  // Nested fields: the same records reached another way must answer the same.
  // A record shows the ids it refers to; what the referenced record holds follows that record's own rule.
  { name: 'Ticket.unit', query: 'query($id: ID!) { ticket(id: $id) { unit { code } } }', vars: (w) => ({ id: w.ticket }), target: (w) => w.code1, chain: (w) => [ticket(w), unit(w, w.u1)] },
  { name: 'Ticket.reporter', query: 'query($id: ID!) { ticket(id: $id) { reporter { name } } }', vars: (w) => ({ id: w.ticket }), target: () => '甲业主', chain: (w) => [ticket(w), resident(w, w.r1, w.u1)] },
  { name: 'Ticket.unit.residents', query: 'query($id: ID!) { ticket(id: $id) { unit { residents { id } } } }', vars: (w) => ({ id: w.ticket }), target: (w) => w.r1, chain: (w) => [ticket(w), unit(w, w.u1), resident(w, w.r1, w.u1)] },
  { name: 'Unit.building.units (a neighbour)', query: 'query($id: ID!) { unit(id: $id) { building { units { id } } } }', vars: (w) => ({ id: w.u1 }), target: (w) => w.u2, chain: (w) => [unit(w, w.u1), building(w), unit(w, w.u2)] },
  { name: 'Unit.building.units.residents (a neighbour)', query: 'query($id: ID!) { unit(id: $id) { building { units { residents { id } } } } }', vars: (w) => ({ id: w.u1 }), target: (w) => w.r2, chain: (w) => [unit(w, w.u1), building(w), unit(w, w.u2), resident(w, w.r2, w.u2)] },
  { name: 'Property.buildings.units', query: 'query($id: ID!) { property(id: $id) { buildings { units { id } } } }', vars: (w) => ({ id: w.A }), target: (w) => w.u2, chain: (w) => [property(w), building(w), unit(w, w.u2)] },
  { name: 'RenovationApplication.unit.building.units', query: 'query($id: ID!) { renovation(id: $id) { unit { building { units { id } } } } }', vars: (w) => ({ id: w.renovation }), target: (w) => w.u2, chain: (w) => [renovation(w), unit(w, w.u1), building(w), unit(w, w.u2)] },
  { name: 'RenovationApplication.applicant', query: 'query($id: ID!) { renovation(id: $id) { applicant { name } } }', vars: (w) => ({ id: w.renovation }), target: () => '甲业主', chain: (w) => [renovation(w), resident(w, w.r1, w.u1)] },
  { name: 'Unit.renovations', query: 'query($id: ID!) { unit(id: $id) { renovations { id } } }', vars: (w) => ({ id: w.u1 }), target: (w) => w.renovation, chain: (w) => [unit(w, w.u1), renovation(w)] },
  { name: 'Unit.parkingLeases', query: 'query($id: ID!) { unit(id: $id) { parkingLeases { id } } }', vars: (w) => ({ id: w.u1 }), target: (w) => w.lease, chain: (w) => [unit(w, w.u1), lease(w)] },
  { name: 'Unit.tickets', query: 'query($id: ID!) { unit(id: $id) { tickets { edges { node { id } } } } }', vars: (w) => ({ id: w.u1 }), target: (w) => w.ticket, chain: (w) => [unit(w, w.u1), ticket(w)] },
  { name: 'Resident.unit', query: 'query($id: ID!) { resident(id: $id) { unit { id } } }', vars: (w) => ({ id: w.r1 }), target: (w) => w.u1, chain: (w) => [resident(w, w.r1, w.u1), unit(w, w.u1)] },
  { name: 'ParkingLease.holder', query: 'query($id: ID!) { unit(id: $id) { parkingLeases { holder { name } } } }', vars: (w) => ({ id: w.u1 }), target: () => '甲业主', chain: (w) => [unit(w, w.u1), lease(w), resident(w, w.r1, w.u1)] },
];

interface Caller {
  label: string;
  identity: Identity;
  headers: Record<string, string>;
}

function operationAllowed(caller: Identity, rule: OperationRule | undefined, propertyId: string | undefined): boolean {
  if (!rule) return true;
  const inProperty = !propertyId || canAccessProperty(caller, propertyId);
  if (caller.kind === 'resident') return !!rule.residents && inProperty;
  if (caller.kind === 'integrator') return !!rule.scope && (caller.scopes ?? []).includes(rule.scope) && inProperty;
  return (!rule.roles || hasRole(caller, ...rule.roles)) && inProperty;
}

/** What the table says the caller sees. */
function expected(caller: Identity, probe: Probe, w: World): boolean {
  if (!operationAllowed(caller, probe.operation, probe.property?.(w))) return false;
  return (probe.chain?.(w) ?? []).every(([type, facts]) => mayRead(caller, READ_POLICY[type], facts));
}

describe('the access policy, operation by operation and caller by caller (issue 9)', () => {
  let graph: TestGraph;
  let w: World;
  const callers: Caller[] = [];

  beforeAll(async () => {
    graph = await startTestGraph();
    const a = await createTestProperty(graph, 2);
    const b = await createTestProperty(graph, 1);
    const [r1, r2] = [await createTestResident(graph, a.units[0].id, '甲业主'), await createTestResident(graph, a.units[1].id, '乙业主')];
    const manager = graph.as(Role.PROJECT_MANAGER);
    const run = async <T>(query: string, variables: Record<string, unknown>) => ok(await manager<T>(query, variables));
    const { openTicket } = await run<{ openTicket: { id: string } }>('mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }', {
      input: { propertyId: a.propertyId, kind: 'REPAIR', channel: 'PHONE', title: '厨房水管漏水', unitId: a.units[0].id, reporterId: r1.id },
    });
    const { submitRenovation } = await eventually(() => run<{ submitRenovation: { id: string } }>('mutation($input: SubmitRenovationInput!) { submitRenovation(input: $input) { id } }', {
      input: { unitId: a.units[0].id, applicantId: r1.id, workItems: ['PAINTING'], selfBuild: true },
    }), READ_MODEL_MS);
    const { createParkingLot } = await run<{ createParkingLot: { id: string } }>('mutation($input: CreateParkingLotInput!) { createParkingLot(input: $input) { id } }', {
      input: { propertyId: a.propertyId, name: '地下车库', spaceCodes: ['B1-001'] },
    });
    const { applyForParking } = await eventually(() => run<{ applyForParking: { id: string } }>('mutation($input: ParkingApplicationInput!) { applyForParking(input: $input) { id } }', {
      input: { lotId: createParkingLot.id, unitId: a.units[0].id, holderId: r1.id, plate: '粤B12345', drivingLicenseHolder: '甲业主', term: 'MONTHLY' },
    }), READ_MODEL_MS);
    const { createSurvey } = await run<{ createSurvey: { id: string } }>('mutation($input: CreateSurveyInput!) { createSurvey(input: $input) { id } }', {
      input: { propertyId: a.propertyId, title: '满意度调查', opensOn: '2026-07-01', closesOn: '2026-07-15' },
    });
    const { registerVisitor } = await run<{ registerVisitor: { id: string } }>('mutation($input: VisitorInput!) { registerVisitor(input: $input) { id } }', {
      input: { hostUnitId: a.units[0].id, visitorName: '快递员', purpose: '送大件', admission: 'HOST_CONFIRMED_ON_INTERCOM' },
    });
    const { issueItemReleasePass } = await run<{ issueItemReleasePass: { id: string } }>('mutation($input: ItemReleasePassInput!) { issueItemReleasePass(input: $input) { id } }', {
      input: { unitId: a.units[0].id, carrierName: '甲业主', carrierRelation: 'OWNER', reason: 'TEMPORARY', items: [{ name: '冰箱', quantity: 1 }], feesSettled: true },
    });
    w = {
      A: a.propertyId, B: b.propertyId, building: a.buildingId, u1: a.units[0].id, u2: a.units[1].id, code1: a.units[0].code, r1: r1.id, r2: r2.id,
      ticket: openTicket.id, renovation: submitRenovation.id, lot: createParkingLot.id, lease: applyForParking.id, survey: createSurvey.id,
      visitor: registerVisitor.id, pass: issueItemReleasePass.id,
    };

    const person = (label: string, identity: Identity) => {
      const token = issueToken({ sub: identity.sub, name: identity.name, roles: identity.roles, propertyIds: identity.propertyIds, residentId: identity.residentId, unitIds: identity.unitIds }, TEST_JWT_SECRET);
      callers.push({ label, identity, headers: { authorization: `Bearer ${token}` } });
    };
    for (const role of STAFF_ROLES) person(`${role} of the property`, { kind: 'staff', sub: `policy-${role}`, name: role, roles: [role], propertyIds: [w.A] });
    person('FRONT_DESK of another property', { kind: 'staff', sub: 'policy-other-desk', name: 'other desk', roles: [Role.FRONT_DESK], propertyIds: [w.B] });
    person('PROJECT_MANAGER of another property', { kind: 'staff', sub: 'policy-other-pm', name: 'other pm', roles: [Role.PROJECT_MANAGER], propertyIds: [w.B] });
    person('resident of the unit', { kind: 'resident', sub: 'policy-r1', name: '甲业主', roles: [Role.RESIDENT], propertyIds: [w.A], residentId: w.r1, unitIds: [w.u1] });
    person('resident of another unit', { kind: 'resident', sub: 'policy-r2', name: '乙业主', roles: [Role.RESIDENT], propertyIds: [w.A], residentId: w.r2, unitIds: [w.u2] });
    for (const scope of ['tickets:read', 'tickets:write', 'residents:read', 'renovation:read', 'parking:read', 'surveys:read']) {
      const { id, key } = await graph.gateway.apiKeys.create(`policy ${scope}`, [scope], [w.A]);
      callers.push({ label: `integrator with ${scope}`, identity: { kind: 'integrator', sub: `api-key:${id}`, name: scope, roles: [Role.INTEGRATOR], propertyIds: [w.A], scopes: [scope] }, headers: { 'x-api-key': key } });
    }
    const every = ['tickets:read', 'residents:read', 'renovation:read', 'parking:read', 'surveys:read'];
    const other = await graph.gateway.apiKeys.create('policy other property', every, [w.B]);
    callers.push({ label: 'integrator of another property', identity: { kind: 'integrator', sub: `api-key:${other.id}`, name: 'other', roles: [Role.INTEGRATOR], propertyIds: [w.B], scopes: every }, headers: { 'x-api-key': other.key } });
  }, 120_000);
  afterAll(() => graph?.stop());

  it('every query and every sensitive nested field answers each caller as the table says', async () => {
    const mismatches: string[] = [];
    const rows: string[] = [];
    for (const probe of PROBES) {
      const seen: string[] = [];
      for (const caller of callers) {
        const response = await postGraphQL<Record<string, unknown>>(graph.url, probe.query, probe.vars(w), caller.headers);
        const codes = (response.errors ?? []).map((e) => String(e.extensions?.code));
        if (codes.some((code) => code !== 'FORBIDDEN')) mismatches.push(`${probe.name} as ${caller.label}: unexpected errors ${JSON.stringify(response.errors)}`);
        const answered = JSON.stringify(response.data ?? null);
        const saw = probe.target ? answered.includes(probe.target(w)) : !!response.data && !codes.length;
        const should = expected(caller.identity, probe, w);
        if (saw !== should) mismatches.push(`${probe.name} as ${caller.label}: ${saw ? 'saw' : 'did not see'} it, the table says ${should ? 'visible' : 'hidden'} (${answered.slice(0, 200)})`);
        seen.push(saw ? '✓' : '·');
      }
      rows.push(`${probe.name.padEnd(46)} ${seen.join(' ')}`);
    }
    process.stdout.write(`policy (✓ = sees it), callers: ${callers.map((c, i) => `${i + 1} ${c.label}`).join('; ')}\n${rows.join('\n')}\n`);
    expect(mismatches).toEqual([]);
  });

  it('phone and ID numbers are masked for every caller who sees them but a project manager', async () => {
    for (const caller of callers) {
      const response = await postGraphQL<{ resident: { phone: string | null } | null }>(graph.url, 'query($id: ID!) { resident(id: $id) { phone } }', { id: w.r1 }, caller.headers);
      const phone = response.data?.resident?.phone;
      if (!phone) continue;
      const unmasked = caller.identity.kind === 'staff' && caller.identity.roles.includes(Role.PROJECT_MANAGER);
      expect({ caller: caller.label, phone }).toEqual({ caller: caller.label, phone: unmasked ? '13812345678' : '138****5678' });
    }
  });

  it('no mutation succeeds for an integrator, another property or another unit, with arguments naming this property', async () => {
    const { __schema } = ok(await graph.as(Role.PROJECT_MANAGER)<IntrospectionQuery>(getIntrospectionQuery()));
    const schema = buildClientSchema({ __schema } as IntrospectionQuery);
    const pools = await createFixtures(graph);
    const outsiders = callers.filter((c) => c.identity.kind === 'integrator' || !c.identity.propertyIds.some((p) => p === ALL_PROPERTIES || p === pools.property[0]));
    const strangerResident = issueToken({ sub: 'policy-stranger', name: '陌生人', roles: [Role.RESIDENT], propertyIds: pools.property, residentId: w.r2, unitIds: [w.u2] }, TEST_JWT_SECRET);
    outsiders.push({ label: 'resident of another unit', identity: { kind: 'resident', sub: 'policy-stranger', name: '陌生人', roles: [Role.RESIDENT], propertyIds: pools.property }, headers: { authorization: `Bearer ${strangerResident}` } });
    const successes: string[] = [];
    // Every write, createProperty included: only head office (every property) opens a new property.
    for (const field of Object.values(schema.getMutationType()!.getFields())) {
      const context = { pools, mutation: field.name, wellFormed: true };
      const args = fc.record(Object.fromEntries(field.args.map((arg) => [arg.name, valueArbitrary(arg.type, arg.name, context)])), {
        requiredKeys: field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined).map((a) => a.name),
      });
      for (const variables of fc.sample(args, { numRuns: 5, seed: 9 })) {
        for (const caller of outsiders) {
          const response = await postGraphQL<Record<string, unknown>>(graph.url, operationFor(field), variables as Record<string, unknown>, caller.headers);
          if (response.data?.[field.name]) successes.push(`${field.name} as ${caller.label} with ${JSON.stringify(variables).slice(0, 300)}`);
        }
      }
    }
    expect(successes).toEqual([]);
  }, 300_000);

  /** The schema as the graph serves it, and a ticket that has been through its workflow (its lists, history and callbacks, hold something to compare). */
  let roleBlind: Promise<{ schema: ReturnType<typeof buildClientSchema>; ticketId: string }> | undefined;
  const roleBlindWorld = () => (roleBlind ??= (async () => {
    const { __schema } = ok(await graph.as(Role.PROJECT_MANAGER)<IntrospectionQuery>(getIntrospectionQuery()));
    const manager = graph.as(Role.PROJECT_MANAGER);
    const { openTicket } = ok(await manager<{ openTicket: { id: string } }>('mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }', {
      input: { propertyId: w.A, kind: 'REPAIR', channel: 'PHONE', title: '卫生间灯不亮', unitId: w.u1, reporterId: w.r1, contactPhone: '13912345678' },
    }));
    for (const move of ['dispatchTicket(id: $id, department: ENGINEERING, assignee: "李师傅")', 'startTicket(id: $id)', 'resolveTicket(id: $id, note: "换灯泡")', 'recordCallback(id: $id, input: { resolved: true, satisfaction: SATISFIED })']) {
      ok(await manager(`mutation($id: ID!) { ${move} { id } }`, { id: openTicket.id }));
    }
    return { schema: buildClientSchema({ __schema } as IntrospectionQuery), ticketId: openTicket.id };
  })());

  /** `ticket(id:)` with every field of SAME_FOR_EVERY_STAFF_ROLE reachable from Ticket (but those `leaveOut` names), each object once per path: a board could select all of it. */
  const roleBlindQuery = (schema: ReturnType<typeof buildClientSchema>, leaveOut: Readonly<Record<string, readonly string[]>> = {}) => {
    const selectAll = (type: GraphQLObjectType, path: string[]): string => {
      const fields = type.getFields();
      return SAME_FOR_EVERY_STAFF_ROLE[type.name].filter((name) => !leaveOut[type.name]?.includes(name)).map((name) => {
        if (!fields[name]) throw new Error(`SAME_FOR_EVERY_STAFF_ROLE names ${type.name}.${name}, which the graph does not have`);
        const named = getNamedType(fields[name].type);
        if (!isObjectType(named)) return name;
        if (!SAME_FOR_EVERY_STAFF_ROLE[named.name]) throw new Error(`${type.name}.${name} is listed but its type ${named.name} is not`);
        return path.includes(named.name) ? '' : `${name} { ${selectAll(named, [...path, named.name])} }`;
      }).join(' ');
    };
    return `query($id: ID!) { ticket(id: $id) { ${selectAll(schema.getType('Ticket') as GraphQLObjectType, ['Ticket'])} } }`;
  };

  /** An answer without the fields of PERSONAL_DATA_FIELDS, wherever they are in it. */
  const withoutPersonalData = (type: GraphQLObjectType, value: unknown): unknown => {
    if (Array.isArray(value)) return value.map((item) => withoutPersonalData(type, item));
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).filter(([name]) => !PERSONAL_DATA_FIELDS[type.name]?.includes(name)).map(([name, v]) => {
      const named = getNamedType(type.getFields()[name].type);
      return [name, isObjectType(named) ? withoutPersonalData(named, v) : v];
    }));
  };

  const callerLabelled = (label: string) => callers.find((c) => c.label === label)!;

  it('the fields live boards share across staff roles (SAME_FOR_EVERY_STAFF_ROLE) answer every staff role alike', async () => {
    const { schema, ticketId } = await roleBlindWorld();
    const ticketType = schema.getType('Ticket') as GraphQLObjectType;
    const query = roleBlindQuery(schema);
    /** Lists of objects the answer leaves empty: a field that checked a role could hide behind them. */
    const emptyLists = (type: GraphQLObjectType, value: Record<string, unknown>, path: string): string[] =>
      Object.entries(value).flatMap(([name, v]) => {
        const named = getNamedType(type.getFields()[name].type);
        if (!isObjectType(named) || v === null) return [];
        if (Array.isArray(v)) return v.length ? v.flatMap((item, i) => emptyLists(named, item, `${path}.${name}[${i}]`)) : [`${path}.${name}`];
        return emptyLists(named, v as Record<string, unknown>, `${path}.${name}`);
      });
    const staff = callers.filter((c) => c.identity.kind === 'staff' && c.identity.propertyIds.includes(w.A) && !c.identity.roles.includes(Role.PROJECT_MANAGER));
    expect(staff.map((c) => c.identity.roles[0]).sort()).toEqual(STAFF_ROLES.filter((r) => r !== Role.PROJECT_MANAGER).sort());
    const answers = await Promise.all(staff.map(async (c) => ({ role: c.identity.roles[0], response: await postGraphQL<{ ticket: Record<string, unknown> }>(graph.url, query, { id: ticketId }, c.headers) })));
    const first = answers[0].response;
    expect(first.errors).toBeUndefined();
    // The ticket as every role sees it: with its unit, building, property, reporter and history (a real answer, not nulls).
    expect(first.data?.ticket).toMatchObject({
      id: ticketId, status: 'CLOSED', contactPhone: '139****5678', unit: { id: w.u1, building: { property: { id: w.A } } }, reporter: { id: w.r1, phone: '138****5678' },
    });
    expect(emptyLists(ticketType, first.data!.ticket, 'ticket')).toEqual([]);
    for (const { role, response } of answers) expect({ role, response }).toEqual({ role, response: first });
  });

  it('a project manager is answered as the rest of the staff but in PERSONAL_DATA_FIELDS; without them, a board of theirs logs no unmasked read', async () => {
    const { schema, ticketId } = await roleBlindWorld();
    const ticketType = schema.getType('Ticket') as GraphQLObjectType;
    const pm = callerLabelled(`${Role.PROJECT_MANAGER} of the property`);
    const desk = callerLabelled(`${Role.FRONT_DESK} of the property`);
    const ask = async (caller: Caller, query: string) => {
      const response = await postGraphQL<{ ticket: Record<string, unknown> }>(graph.url, query, { id: ticketId }, caller.headers);
      expect(response.errors).toBeUndefined();
      return response.data!.ticket;
    };
    const unmaskedReads = async () => {
      const { ticketPiiAccessLog, piiAccessLog } = ok(await postGraphQL<{ ticketPiiAccessLog: unknown[]; piiAccessLog: { totalCount: number } }>(
        graph.url, 'query($p: ID!) { ticketPiiAccessLog(propertyId: $p, first: 1000) { id } piiAccessLog(propertyId: $p) { totalCount } }', { p: w.A }, pm.headers,
      ));
      return ticketPiiAccessLog.length + piiAccessLog.totalCount;
    };
    // Every listed field: the manager's answer differs in the personal data (unmasked, and logged) and nowhere else.
    const every = roleBlindQuery(schema);
    const logged = await unmaskedReads();
    const [asManager, asDesk] = [await ask(pm, every), await ask(desk, every)];
    expect(asManager).toMatchObject({ contactPhone: '13912345678', reporter: { phone: '13812345678' } });
    expect(asDesk).toMatchObject({ contactPhone: '139****5678', reporter: { phone: '138****5678' } });
    expect(withoutPersonalData(ticketType, asManager)).toEqual(withoutPersonalData(ticketType, asDesk));
    expect(await unmaskedReads()).toBeGreaterThan(logged);
    // Without them: the same answer as the desk's, and nothing written to either log.
    const noPersonalData = roleBlindQuery(schema, PERSONAL_DATA_FIELDS);
    const before = await unmaskedReads();
    expect(await ask(pm, noPersonalData)).toEqual(await ask(desk, noPersonalData));
    expect(await unmaskedReads()).toBe(before);
  });
});
