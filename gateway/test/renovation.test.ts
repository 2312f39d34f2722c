import { TestClock } from '@pm/calendar';
import { issueToken, Role } from '@pm/identity';
import { parseEnvironment } from '@pm/runtime';
import { renovationEnvironment, renovationSettings, RenovationScheduler } from '@pm/renovation-service';
import { eventually, firstError, ok, waitForEvent } from '@pm/testing';

import { createTestProperty, createTestResident } from './factories';
import { startTestGraph, TEST_JWT_SECRET, type TestGraph } from './graph';

const APP = `id number status selfBuild unitUsage applicantKind decisionDueBy decisionOverdue totalDueFen feesPaid depositRefundDueOn emergencyPhone
  requiredDocuments { type provided } undertakings { type signed } governmentApprovals { workItem obtained reference } fees { kind amountFen }
  contractor { phone } workers { name idNumber passNo validUntil } inspections { department date } inspectionGaps { date missing }
  violations { severity penaltyFen ownerSigned contractorSigned } refund { depositFen penaltiesFen damageFen unpaidChargesFen refundFen owedFen }`;

type App = {
  id: string; number: string; status: string; decisionDueBy: string; decisionOverdue: boolean; totalDueFen: number; feesPaid: boolean; depositRefundDueOn: string | null; emergencyPhone: string | null;
  requiredDocuments: { type: string; provided: boolean }[]; undertakings: { type: string; signed: boolean }[];
  governmentApprovals: { workItem: string; obtained: boolean; reference: string | null }[]; fees: { kind: string; amountFen: number }[];
  contractor: { phone: string } | null; workers: { name: string; idNumber: string; passNo: string; validUntil: string }[];
  inspections: { department: string; date: string }[]; inspectionGaps: { date: string; missing: string[] }[];
  violations: { severity: string; penaltyFen: number }[];
  refund: { depositFen: number; penaltiesFen: number; damageFen: number; unpaidChargesFen: number; refundFen: number; owedFen: number } | null;
};

const DRAWINGS = ['FLOOR_PLAN', 'CEILING_PLAN', 'PLUMBING_ELECTRICAL_PLAN', 'WALL_CHANGE_PLAN'];
const CONTRACTOR_PAPERS = ['CONTRACTOR_RESPONSIBLE_PERSON_ID', 'CONTRACTOR_AUTHORISATION', 'CONTRACTOR_BUSINESS_LICENCE', 'CONTRACTOR_QUALIFICATION', 'CONTRACTOR_TAX_REGISTRATION'];
const UNDERTAKINGS = ['APPLICATION_FORM', 'MANAGEMENT_AGREEMENT', 'NON_LOAD_BEARING_WALL_UNDERTAKING', 'FIRE_SAFETY_RESPONSIBILITY', 'FIRE_FACILITY_UNDERTAKING'];
const contractor = { name: '美家装饰', licenseNo: '91420100MA4K000000', responsiblePerson: '周工', phone: '13907150000' };
const workers = [{ name: '王师傅', idNumber: '420102199001011236' }, { name: '李师傅', idNumber: '42010219850505100x' }];

/** Renovation end to end through the gateway: paperwork, decision, permit, works, completion, deposit (issue 11). */
describe('renovation through the gateway', () => {
  let graph: TestGraph;
  /** Friday 20 November 2026, 10:00 in China. */
  const clock = new TestClock('2026-11-20T02:00:00Z');
  let home: { propertyId: string; units: { id: string; code: string }[] };
  let office: { propertyId: string; units: { id: string; code: string }[] };
  const owners: string[] = [];
  let company: { id: string };
  const desk = () => graph.as(Role.FRONT_DESK);
  const manager = () => graph.as(Role.PROJECT_MANAGER);

  async function submit(input: Record<string, unknown>, as = desk()): Promise<App> {
    return ok(await as<{ submitRenovation: App }>(`mutation($input: SubmitRenovationInput!) { submitRenovation(input: $input) { ${APP} } }`, { input })).submitRenovation;
  }
  async function act(as: ReturnType<TestGraph['as']>, mutation: string, variables: Record<string, unknown> = {}): Promise<App> {
    const response = await as<{ result: App }>(`mutation($id: ID!) { result: ${mutation} { ${APP} } }`, variables);
    if (response.errors) throw new Error(`${mutation}: ${JSON.stringify(response.errors)}`);
    const { result } = ok(response);
    return result;
  }
  const refusal = async (as: ReturnType<TestGraph['as']>, mutation: string, variables: Record<string, unknown>) =>
    firstError(await as(`mutation($id: ID!) { result: ${mutation} { id } }`, variables));
  const occupancyOf = async (unitId: string) => ok(await desk()<{ unit: { occupancy: string } }>('query($id: ID!) { unit(id: $id) { occupancy } }', { id: unitId })).unit.occupancy;
  const everything = { providedDocuments: [...DRAWINGS, ...CONTRACTOR_PAPERS], signedUndertakings: UNDERTAKINGS };

  /** An application approved, protected, paid and permitted, ready for works. */
  async function underWay(unitIndex: number, extra: Record<string, unknown> = {}): Promise<App> {
    const app = await submit({ unitId: home.units[unitIndex].id, applicantId: owners[unitIndex], workItems: ['PAINTING'], selfBuild: false, contractor, workerPasses: 1, ...everything, ...extra });
    await act(manager(), 'approveRenovation(id: $id)', { id: app.id });
    await act(graph.as(Role.ENGINEER), 'confirmSiteProtection(id: $id)', { id: app.id });
    await act(graph.as(Role.CASHIER), `recordRenovationPayment(id: $id, amountFen: ${app.totalDueFen}, receiptNo: "R-${app.number}")`, { id: app.id });
    return act(desk(), 'issueRenovationPermit(id: $id, workers: [{ name: "王师傅", idNumber: "420102199001011236" }])', { id: app.id });
  }

  beforeAll(async () => {
    graph = await startTestGraph({}, { clock, serviceSettings: { renovation: { RENOVATION_SCAN_SECONDS: '1' } } });
    home = await createTestProperty(graph, 8);
    for (const unit of home.units) owners.push((await createTestResident(graph, unit.id, '业主')).id);
    office = await createTestProperty(graph, 2, 'OFFICE_OCCUPIED', { kind: 'OFFICE', usage: 'OFFICE' });
    company = await createTestResident(graph, office.units[0].id, '华信科技有限公司', 'COMPANY');
    // Renovation learns properties, units and residents from residents' events (each subject has its own consumer: no order between them).
    await eventually(async () => {
      const connection = graph.services.renovation.orm.em.fork().getConnection();
      const [residents] = await connection.execute(
        `select count(*)::int as n from resident_directory where resident_id in (${[...owners, company.id].map(() => '?').join(', ')})`, [...owners, company.id]);
      const [units] = await connection.execute('select count(*)::int as n from unit_directory where property_id in (?, ?)', [home.propertyId, office.propertyId]);
      const [properties] = await connection.execute('select count(*)::int as n from property_directory where property_id in (?, ?)', [home.propertyId, office.propertyId]);
      if (residents.n !== owners.length + 1 || units.n !== home.units.length + office.units.length || properties.n !== 2) throw new Error('directories not filled yet');
    }, 30_000);
  }, 90_000);
  afterAll(() => graph?.stop());

  it('the checklist, undertakings and fees of a HOME owner with a contractor; the decision due 3 working days on, across the weekend', async () => {
    const app = await submit({ unitId: home.units[0].id, applicantId: owners[0], workItems: ['FLOORING', 'PAINTING'], selfBuild: false, contractor, workerPasses: 2, providedDocuments: ['FLOOR_PLAN'] });
    expect(app.requiredDocuments.map((d) => d.type)).toEqual([...DRAWINGS, ...CONTRACTOR_PAPERS]);
    expect(app.requiredDocuments.filter((d) => d.provided).map((d) => d.type)).toEqual(['FLOOR_PLAN']);
    expect(app.undertakings).toEqual(UNDERTAKINGS.map((type) => ({ type, signed: false })));
    expect(app.governmentApprovals).toEqual([]);
    expect(app.fees).toEqual([{ kind: 'DEPOSIT', amountFen: 200_000 }, { kind: 'DEBRIS_REMOVAL', amountFen: 30_000 }, { kind: 'WORKER_PASSES', amountFen: 4_000 }]);
    expect(app.totalDueFen).toBe(234_000);
    // Friday 10:00 → Monday, Tuesday, Wednesday 10:00.
    expect(app.decisionDueBy).toBe('2026-11-25T02:00:00.000Z');
    expect(app.contractor!.phone).toBe('139****0000');
    // One renovation under way per unit.
    expect(firstError(await desk()('mutation($input: SubmitRenovationInput!) { submitRenovation(input: $input) { id } }', {
      input: { unitId: home.units[0].id, applicantId: owners[0], workItems: ['PAINTING'], selfBuild: true },
    }))).toMatchObject({ code: 'CONFLICT', reason: 'RENOVATION_IN_PROGRESS' });
    await act(manager(), 'returnRenovation(id: $id, reason: "资料不全")', { id: app.id });
  });

  it('an OFFICE company tenant needs the owner’s power of attorney, the office, commercial and company papers, and pays the office fees', async () => {
    const input = { unitId: office.units[0].id, applicantId: company.id, workItems: ['AIR_CONDITIONING'], selfBuild: false, contractor };
    expect(firstError(await desk()('mutation($input: SubmitRenovationInput!) { submitRenovation(input: $input) { id } }', { input }))).toMatchObject({ code: 'CONFLICT', reason: 'APPLICANT_NOT_AUTHORISED' });
    const app = await submit({ ...input, ownerAuthorised: true });
    expect(app).toMatchObject({ unitUsage: 'OFFICE', applicantKind: 'COMPANY' });
    expect(app.requiredDocuments.map((d) => d.type)).toEqual([
      ...DRAWINGS, ...CONTRACTOR_PAPERS, 'FACADE_RENDERING', 'AIR_CONDITIONING_PLAN', 'FIRE_DESIGN_REVIEW_RECEIPT', 'DESIGN_QUALIFICATION',
      'LEASE_COPY', 'POWER_OF_ATTORNEY', 'COMPANY_BUSINESS_LICENCE', 'LEGAL_REPRESENTATIVE_CERTIFICATE', 'COMPANY_AUTHORISATION',
    ]);
    expect(app.fees.map((f) => f.kind)).toEqual(['DEPOSIT', 'DEBRIS_REMOVAL', 'AIR_CONDITIONING_CHANGE', 'FIRE_WATER_DRAIN', 'FIRE_LINKAGE']);
    await act(manager(), 'returnRenovation(id: $id, reason: "test")', { id: app.id });
  });

  it('a self-build needs the drawings only and the self-build undertaking; the decision due across a public holiday', async () => {
    clock.set('2026-09-30T02:00:00Z'); // Wednesday before National Day
    try {
      const app = await submit({ unitId: home.units[1].id, applicantId: owners[1], workItems: ['PAINTING'], selfBuild: true });
      expect(app.requiredDocuments.map((d) => d.type)).toEqual(DRAWINGS);
      expect(app.undertakings.map((u) => u.type)).toEqual([...UNDERTAKINGS, 'SELF_BUILD_UNDERTAKING']);
      // 1–7 October are holidays; Thursday 8, Friday 9 and the make-up Saturday 10 October are working days.
      expect(app.decisionDueBy).toBe('2026-10-10T02:00:00.000Z');
      await act(manager(), 'returnRenovation(id: $id, reason: "test")', { id: app.id });
    } finally {
      clock.set('2026-11-20T02:00:00Z');
    }
  });

  it('approval is refused while documents are missing (listing them) and while gas work lacks its government approval', async () => {
    const app = await submit({ unitId: home.units[2].id, applicantId: owners[2], workItems: ['GAS', 'PAINTING'], selfBuild: false, contractor, providedDocuments: DRAWINGS });
    const missing = await refusal(manager(), 'approveRenovation(id: $id)', { id: app.id });
    expect(missing).toMatchObject({ code: 'CONFLICT', reason: 'MISSING_DOCUMENTS' });
    expect(missing.message).toContain('CONTRACTOR_TAX_REGISTRATION');
    expect(missing.message).toContain('FIRE_SAFETY_RESPONSIBILITY');
    await act(desk(), `provideRenovationDocuments(id: $id, documents: [${CONTRACTOR_PAPERS.join(', ')}], undertakings: [${UNDERTAKINGS.join(', ')}])`, { id: app.id });
    expect(await refusal(manager(), 'approveRenovation(id: $id)', { id: app.id })).toMatchObject({ code: 'CONFLICT', reason: 'GOVERNMENT_APPROVAL_REQUIRED' });
    expect((await act(desk(), 'recordRenovationGovernmentApproval(id: $id, workItem: GAS, reference: "燃气-2026-118")', { id: app.id })).governmentApprovals)
      .toEqual([{ workItem: 'GAS', obtained: true, reference: '燃气-2026-118' }]);
    expect(await refusal(desk(), 'approveRenovation(id: $id)', { id: app.id })).toMatchObject({ code: 'FORBIDDEN' });
    expect((await act(manager(), 'approveRenovation(id: $id)', { id: app.id })).status).toBe('APPROVED');
    expect(await refusal(manager(), 'approveRenovation(id: $id)', { id: app.id })).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_TRANSITION' });
  });

  it('fees before the permit; permit → UNDER_RENOVATION in residents; a day without security flagged; a SERIOUS violation opens a ticket; passed → occupancy restored; the refund deducts the penalty, once, when due', async () => {
    const unitId = home.units[3].id;
    const app = await submit({ unitId, applicantId: owners[3], workItems: ['PAINTING'], selfBuild: false, contractor, workerPasses: 2, ...everything });
    await act(manager(), 'approveRenovation(id: $id)', { id: app.id });
    expect(await refusal(desk(), 'confirmSiteProtection(id: $id)', { id: app.id })).toMatchObject({ code: 'FORBIDDEN' });
    await act(graph.as(Role.ENGINEER), 'confirmSiteProtection(id: $id)', { id: app.id });
    const permit = 'issueRenovationPermit(id: $id, workers: $workers)';
    const issue = (as: ReturnType<TestGraph['as']>) => as(`mutation($id: ID!, $workers: [WorkerInput!]!) { result: ${permit} { ${APP} } }`, { id: app.id, workers });
    expect(firstError(await issue(desk()))).toMatchObject({ code: 'CONFLICT', reason: 'FEES_UNPAID' });
    const cashier = graph.as(Role.CASHIER);
    expect(await refusal(cashier, 'recordRenovationPayment(id: $id, amountFen: 100, receiptNo: "R-1")', { id: app.id })).toMatchObject({ code: 'CONFLICT', reason: 'AMOUNT_MISMATCH' });
    expect((await act(cashier, `recordRenovationPayment(id: $id, amountFen: ${app.totalDueFen}, receiptNo: "R-2026-0001")`, { id: app.id })).feesPaid).toBe(true);

    const permitted = ok(await issue(desk())).result as App;
    expect(permitted).toMatchObject({ status: 'PERMIT_ISSUED', emergencyPhone: '139****0000' });
    expect(permitted.workers).toEqual([
      { name: '王师傅', idNumber: '4201**********1236', passNo: `${app.number}-W01`, validUntil: '2027-02-18' },
      { name: '李师傅', idNumber: '4201**********100X', passNo: `${app.number}-W02`, validUntil: '2027-02-18' },
    ]);
    await eventually(async () => expect(await occupancyOf(unitId)).toBe('UNDER_RENOVATION'));

    // Friday: all three walk the site. Monday: security does not.
    for (const [role, department] of [[Role.FRONT_DESK, 'CUSTOMER_SERVICE'], [Role.ENGINEER, 'ENGINEERING'], [Role.SECURITY, 'SECURITY']] as const) {
      await act(graph.as(role), `recordRenovationInspection(id: $id, department: ${department}, findings: "正常")`, { id: app.id });
    }
    expect(await refusal(graph.as(Role.ENGINEER), 'recordRenovationInspection(id: $id, department: SECURITY)', { id: app.id })).toMatchObject({ code: 'FORBIDDEN' });
    clock.set('2026-11-23T03:00:00Z');
    await act(desk(), 'recordRenovationInspection(id: $id, department: CUSTOMER_SERVICE)', { id: app.id });
    await act(graph.as(Role.ENGINEER), 'recordRenovationInspection(id: $id, department: ENGINEERING)', { id: app.id });
    const since = new Date(Date.now() - 1000);
    clock.set('2026-11-23T10:00:00Z'); // Monday 18:00: the desk has closed
    const gapEvent = await waitForEvent('pm.renovation.application.inspection_gaps', since, (e) => (e.payload as { applicationId: string }).applicationId === app.id);
    expect(gapEvent.payload).toMatchObject({ date: '2026-11-23', missing: ['SECURITY'] });
    expect(gapEvent.payload).toMatchObject({ number: app.number, unitId });

    // Tuesday: a serious violation, told to the owner first, then the contractor; both sign.
    clock.set('2026-11-24T02:00:00Z');
    const violation = (input: Record<string, unknown>) => graph.as(Role.SECURITY)(`mutation($id: ID!, $input: ViolationInput!) { recordRenovationViolation(id: $id, input: $input) { ${APP} } }`, { id: app.id, input });
    const serious = { severity: 'SERIOUS', description: '擅自拆改承重墙', penaltyFen: 50_000, ownerSigned: true, contractorSigned: true };
    expect(firstError(await violation({ ...serious, ownerNotifiedAt: '2026-11-24T01:30:00Z', contractorNotifiedAt: '2026-11-24T01:00:00Z' }))).toMatchObject({ code: 'CONFLICT', reason: 'OWNER_NOT_NOTIFIED_FIRST' });
    expect(firstError(await violation({ severity: 'MINOR', description: '楼道堆放材料', penaltyFen: 100 }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'penaltyFen' });
    ok(await violation({ severity: 'MINOR', description: '楼道堆放材料' }));
    const withViolations = ok(await violation({ ...serious, ownerNotifiedAt: '2026-11-24T01:00:00Z', contractorNotifiedAt: '2026-11-24T01:30:00Z' })).recordRenovationViolation as App;
    expect(withViolations.violations.map((v) => [v.severity, v.penaltyFen])).toEqual([['MINOR', 0], ['SERIOUS', 50_000]]);
    // The serious one (only) opens a ticket for the supervisor.
    const findings = await eventually(async () => {
      const { tickets } = ok(await graph.as(Role.SUPERVISOR)<{ tickets: { edges: { node: { title: string; kind: string; unit: { code: string } } }[] } }>(
        'query($p: ID!) { tickets(filter: { propertyId: $p, kind: PATROL_FINDING }) { edges { node { title kind unit { code } } } } }', { p: home.propertyId }));
      const mine = tickets.edges.filter((e) => e.node.title.includes(app.number));
      if (!mine.length) throw new Error('no ticket yet');
      return mine;
    });
    expect(findings).toEqual([{ node: { title: `装修严重违章 ${app.number}: 擅自拆改承重墙`, kind: 'PATROL_FINDING', unit: { code: home.units[3].code } } }]);

    const requested = await act(desk(), 'requestCompletionInspection(id: $id)', { id: app.id });
    expect(requested.status).toBe('COMPLETION_REQUESTED');
    expect(requested.inspectionGaps).toEqual([
      { date: '2026-11-23', missing: ['SECURITY'] },
      { date: '2026-11-24', missing: ['CUSTOMER_SERVICE', 'ENGINEERING', 'SECURITY'] },
    ]);
    expect(firstError(await graph.as(Role.ENGINEER)('mutation($id: ID!) { recordCompletionInspection(id: $id, passed: false) { id } }', { id: app.id }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'issues' });
    const passed = await act(graph.as(Role.ENGINEER), 'recordCompletionInspection(id: $id, passed: true)', { id: app.id });
    expect(passed).toMatchObject({ status: 'INSPECTION_PASSED', depositRefundDueOn: '2027-02-24' });
    await eventually(async () => expect(await occupancyOf(unitId)).toBe('OWNER_OCCUPIED'));

    const refund = (input: Record<string, unknown>, as = desk()) => as(`mutation($id: ID!, $input: RefundInput!) { refundRenovationDeposit(id: $id, input: $input) { ${APP} } }`, { id: app.id, input });
    const signed = { ownerSigned: true, contractorSigned: true, managerSigned: true, damageFen: 10_000 };
    expect(firstError(await refund(signed))).toMatchObject({ code: 'CONFLICT', reason: 'REFUND_NOT_DUE' });
    clock.set('2027-02-24T02:00:00Z');
    expect(firstError(await refund({ ...signed, managerSigned: false }))).toMatchObject({ code: 'CONFLICT', reason: 'SIGNATURES_REQUIRED' });
    expect(firstError(await refund({ ...signed, requestedByContractor: true }))).toMatchObject({ code: 'CONFLICT', reason: 'OWNER_CONSENT_REQUIRED' });
    const refunded = ok(await refund({ ...signed, requestedByContractor: true, ownerConsent: true })).refundRenovationDeposit as App;
    expect(refunded.status).toBe('REFUNDED');
    expect(refunded.refund).toEqual({ depositFen: 200_000, penaltiesFen: 50_000, damageFen: 10_000, unpaidChargesFen: 0, refundFen: 140_000, owedFen: 0 });
    expect(firstError(await refund(signed))).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_REFUNDED' });
    clock.set('2026-11-24T02:00:00Z');
  });

  it('an office: the completion inspection waits for the fire-acceptance receipt; refundable after 15 days; penalties beyond the deposit are owed', async () => {
    const unitId = office.units[1].id;
    const owner = await createTestResident(graph, unitId, '业主乙');
    await eventually(async () => {
      const [row] = await graph.services.renovation.orm.em.fork().getConnection().execute('select 1 from resident_directory where resident_id = ?', [owner.id]);
      if (!row) throw new Error('not yet');
    });
    const officePapers = ['FACADE_RENDERING', 'AIR_CONDITIONING_PLAN', 'FIRE_DESIGN_REVIEW_RECEIPT', 'DESIGN_QUALIFICATION'];
    const app = await submit({ unitId, applicantId: owner.id, workItems: ['CEILING'], selfBuild: false, contractor, providedDocuments: [...DRAWINGS, ...CONTRACTOR_PAPERS, ...officePapers], signedUndertakings: UNDERTAKINGS });
    await act(manager(), 'approveRenovation(id: $id)', { id: app.id });
    await act(graph.as(Role.ENGINEER), 'confirmSiteProtection(id: $id)', { id: app.id });
    await act(graph.as(Role.CASHIER), `recordRenovationPayment(id: $id, amountFen: ${app.totalDueFen}, receiptNo: "R-${app.number}")`, { id: app.id });
    expect(await refusal(graph.as(Role.CASHIER), `recordRenovationPayment(id: $id, amountFen: ${app.totalDueFen}, receiptNo: "R-${app.number}")`, { id: app.id })).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_PAID' });
    // One pass paid for (none asked): a worker is refused.
    expect(await refusal(desk(), 'issueRenovationPermit(id: $id, workers: [{ name: "王师傅", idNumber: "420102199001011236" }])', { id: app.id })).toMatchObject({ code: 'CONFLICT', reason: 'WORKER_PASSES_UNPAID' });
    await act(desk(), 'issueRenovationPermit(id: $id, workers: [])', { id: app.id });
    await act(graph.as(Role.SECURITY), 'recordRenovationViolation(id: $id, input: { severity: SERIOUS, description: "破坏消防喷淋", penaltyFen: 300000, ownerNotifiedAt: "2026-11-24T01:00:00Z", contractorNotifiedAt: "2026-11-24T01:10:00Z", ownerSigned: true, contractorSigned: false })', { id: app.id });
    await act(desk(), 'requestCompletionInspection(id: $id)', { id: app.id });
    expect(await refusal(graph.as(Role.ENGINEER), 'recordCompletionInspection(id: $id, passed: true)', { id: app.id })).toMatchObject({ code: 'CONFLICT', reason: 'FIRE_ACCEPTANCE_REQUIRED' });
    await act(desk(), 'provideRenovationDocuments(id: $id, documents: [FIRE_ACCEPTANCE_RECEIPT])', { id: app.id });
    const failed = await act(graph.as(Role.ENGINEER), 'recordCompletionInspection(id: $id, passed: false, issues: "吊顶未封")', { id: app.id });
    expect(failed.status).toBe('INSPECTION_FAILED');
    await act(desk(), 'requestCompletionInspection(id: $id)', { id: app.id });
    const passed = await act(graph.as(Role.ENGINEER), 'recordCompletionInspection(id: $id, passed: true)', { id: app.id });
    expect(passed.depositRefundDueOn).toBe('2026-12-09');
    clock.set('2026-12-09T02:00:00Z');
    try {
      const refunded = await act(graph.as(Role.CASHIER), 'refundRenovationDeposit(id: $id, input: { ownerSigned: true, contractorSigned: true, managerSigned: true, unpaidChargesFen: 5000 })', { id: app.id });
      expect(refunded.refund).toEqual({ depositFen: 200_000, penaltiesFen: 300_000, damageFen: 0, unpaidChargesFen: 5_000, refundFen: 0, owedFen: 105_000 });
      // The deposits-due report no longer lists it; the register does, as CSV.
      const csv = await fetch(`${graph.url.replace(/\/graphql$/, '/reports/renovations.csv')}?propertyId=${office.propertyId}&month=2026-11`, { headers: { authorization: `Bearer ${token(Role.FRONT_DESK)}` } });
      expect(csv.status).toBe(200);
      const lines = (await csv.text()).split('\r\n');
      expect(lines[0]).toContain('application,submitted,unit');
      expect(lines.some((l) => l.startsWith(app.number) && l.includes('3000.00') && l.endsWith('REFUNDED'))).toBe(true);
    } finally {
      clock.set('2026-11-24T02:00:00Z');
    }
  });

  it('an application still undecided at its due time is flagged and published exactly once, with two schedulers racing', async () => {
    const app = await submit({ unitId: home.units[4].id, applicantId: owners[4], workItems: ['PAINTING'], selfBuild: true });
    expect(app.decisionOverdue).toBe(false);
    const orm = graph.services.renovation.orm;
    const settings = renovationSettings(parseEnvironment(renovationEnvironment, {}));
    const replicas = [0, 1].map(() => new RenovationScheduler(orm, { clock, settings }));
    clock.set(new Date(Date.parse(app.decisionDueBy) + 60_000));
    try {
      await Promise.all(replicas.map((r) => r.scanOnce()));
      await Promise.all(replicas.map((r) => r.scanOnce()));
      const [row] = await orm.em.fork().getConnection().execute(
        "select count(*)::int as n from outbox where subject = 'pm.renovation.application.decision_overdue' and envelope->'payload'->>'applicationId' = ?", [app.id]);
      expect(row.n).toBe(1);
      const { renovation } = ok(await desk()<{ renovation: App }>(`query($id: ID!) { renovation(id: $id) { ${APP} } }`, { id: app.id }));
      expect(renovation.decisionOverdue).toBe(true);
    } finally {
      clock.set('2026-11-24T02:00:00Z');
    }
  });

  it('another property’s staff, another unit’s resident and an integrator without the scope see nothing; the applicant’s unit sees its own', async () => {
    const app = await underWay(5);
    // 动火: a window of at most 12 hours, approved by engineering or security while the works are on.
    const hotWork = (as: ReturnType<TestGraph['as']>, from: string, until: string) => as<{ issueHotWorkPermit: { location: string; approvedBy: string } }>(
      'mutation($id: ID!, $input: HotWorkInput!) { issueHotWorkPermit(id: $id, input: $input) { location approvedBy from until } }', { id: app.id, input: { from, until, location: '厨房', fireWatch: '孙队长' } });
    expect(firstError(await hotWork(graph.as(Role.SECURITY), '2026-11-24T02:00:00Z', '2026-11-24T16:00:00Z'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'until' });
    expect(firstError(await hotWork(desk(), '2026-11-24T02:00:00Z', '2026-11-24T04:00:00Z')).code).toBe('FORBIDDEN');
    expect(ok(await hotWork(graph.as(Role.SECURITY), '2026-11-24T02:00:00Z', '2026-11-24T04:00:00Z')).issueHotWorkPermit).toMatchObject({ location: '厨房', approvedBy: `Test ${Role.SECURITY}` });
    expect(ok(await desk()<{ renovation: { hotWorkPermits: { location: string }[]; status: string } }>('query($id: ID!) { renovation(id: $id) { status hotWorkPermits { location } } }', { id: app.id })).renovation)
      .toEqual({ status: 'IN_PROGRESS', hotWorkPermits: [{ location: '厨房' }] });
    const stranger = graph.as(Role.PROJECT_MANAGER, { propertyIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(ok(await stranger('query($id: ID!) { renovation(id: $id) { id } }', { id: app.id }))).toEqual({ renovation: null });
    expect(firstError(await stranger('query($p: ID!) { renovations(propertyId: $p) { totalCount } }', { p: home.propertyId })).code).toBe('FORBIDDEN');
    expect(firstError(await stranger('query($p: ID!) { renovationRegister(propertyId: $p, month: "2026-11") { id } }', { p: home.propertyId })).code).toBe('FORBIDDEN');
    expect(await refusal(stranger, 'recordRenovationInspection(id: $id, department: SECURITY)', { id: app.id })).toMatchObject({ code: 'NOT_FOUND' });
    const neighbour = graph.as(Role.RESIDENT, { residentId: owners[6], unitIds: [home.units[6].id], propertyIds: [home.propertyId] });
    expect(ok(await neighbour('query($id: ID!) { renovation(id: $id) { id } }', { id: app.id }))).toEqual({ renovation: null });
    const applicant = graph.as(Role.RESIDENT, { residentId: owners[5], unitIds: [home.units[5].id], propertyIds: [home.propertyId] });
    expect(ok(await applicant<{ renovation: { number: string; workers: { idNumber: string }[] } }>('query($id: ID!) { renovation(id: $id) { number workers { idNumber } } }', { id: app.id })).renovation)
      .toEqual({ number: app.number, workers: [{ idNumber: '4201**********1236' }] });
    const { renovations } = ok(await desk()<{ renovations: { totalCount: number; edges: { node: { id: string; unit: { code: string } } }[] } }>(
      'query($p: ID!) { renovations(propertyId: $p, status: IN_PROGRESS) { totalCount edges { node { id unit { code } } } } }', { p: home.propertyId }));
    expect(renovations.edges.map((e) => e.node)).toEqual([{ id: app.id, unit: { code: home.units[5].code } }]);
    const unmasked = ok(await manager()<{ renovation: { workers: { idNumber: string }[]; contractor: { phone: string } } }>('query($id: ID!) { renovation(id: $id) { workers { idNumber } contractor { phone } } }', { id: app.id })).renovation;
    expect(unmasked).toEqual({ workers: [{ idNumber: '420102199001011236' }], contractor: { phone: '13907150000' } });
  });
});

const token = (role: Role) => issueToken({ sub: `csv-${role}`, name: `CSV ${role}`, roles: [role], propertyIds: ['*'] }, TEST_JWT_SECRET);
