import { TestClock } from '@pm/calendar';
import { issueToken, Role } from '@pm/identity';
import { eventually, firstError, ok } from '@pm/testing';

import { createTestResident } from './factories';
import { startTestGraph, TEST_JWT_SECRET, type TestGraph } from './graph';

const CATEGORIES = ['POWER_SUPPLY', 'WATER_SUPPLY', 'FIRE_AND_SECURITY', 'SANITATION', 'LANDSCAPING', 'PUBLIC_FACILITIES', 'REPAIR_SERVICE', 'SERVICE_ATTITUDE'];
const SURVEY = `id title opensOn closesOn status categories distributedCount returnedCount distributionRate returnRate overallSatisfactionRate
  results { category satisfied fairlySatisfied dissatisfied satisfactionRate met } commonComments { comment count }
  rectifications { category department dueOn status ticket { id number kind status } }`;
type Survey = {
  id: string; opensOn: string; closesOn: string; status: string; categories: string[]; distributedCount: number; returnedCount: number; distributionRate: number; returnRate: number;
  overallSatisfactionRate: number | null; results: { category: string; satisfied: number; fairlySatisfied: number; dissatisfied: number; satisfactionRate: number | null; met: boolean | null }[];
  commonComments: { comment: string; count: number }[];
  rectifications: { category: string; department: string; dueOn: string; status: string; ticket: { id: string; number: string; kind: string; status: string } | null }[];
};

/** Rating of unit i (0–23) in a category: the known answers the rates below are computed from. */
function ratingOf(category: string, i: number): string {
  if (category === 'WATER_SUPPLY') return i < 12 ? 'SATISFIED' : i < 18 ? 'FAIRLY_SATISFIED' : 'DISSATISFIED'; // 18/24 = 75%
  if (category === 'SANITATION') return i < 20 ? 'SATISFIED' : 'DISSATISFIED'; // 20/24 = 83.33%
  if (category === 'REPAIR_SERVICE') return i < 10 ? 'SATISFIED' : i < 18 ? 'FAIRLY_SATISFIED' : 'DISSATISFIED'; // 18/24 = 75%
  return 'SATISFIED';
}

/** Surveys and visits end to end through the gateway (issue 13). */
describe('surveys and visits through the gateway', () => {
  let graph: TestGraph;
  /** Saturday 16 January 2027, 10:00 in China: inside the January window. */
  const clock = new TestClock('2027-01-16T02:00:00Z');
  let propertyId: string;
  let units: { id: string; code: string }[];
  let survey: Survey;
  const supervisor = () => graph.as(Role.SUPERVISOR);
  const desk = () => graph.as(Role.FRONT_DESK);
  const answers = (i: number) => CATEGORIES.map((category) => ({
    category, rating: ratingOf(category, i),
    comment: category === 'PUBLIC_FACILITIES' && i < 5 ? ' 电梯经常坏 ' : category === 'SANITATION' && i >= 20 && i < 22 ? '垃圾清运不及时' : null,
  }));
  const respond = (as: ReturnType<TestGraph['as']>, unitId: string, answerList = answers(0)) =>
    as('mutation($input: SurveyResponseInput!) { submitSurveyResponse(input: $input) { id channel } }', { input: { surveyId: survey.id, unitId, answers: answerList } });
  const read = async (as = supervisor()) => ok(await as<{ survey: Survey }>(`query($id: ID!) { survey(id: $id) { ${SURVEY} } }`, { id: survey.id })).survey;

  beforeAll(async () => {
    graph = await startTestGraph({}, { clock });
    const manager = graph.as(Role.PROJECT_MANAGER);
    const { createProperty } = ok(await manager<{ createProperty: { id: string } }>('mutation { createProperty(input: { name: "满意度花园", kind: RESIDENTIAL }) { id } }'));
    propertyId = createProperty.id;
    const { addBuilding } = ok(await manager<{ addBuilding: { id: string } }>('mutation($p: ID!) { addBuilding(input: { propertyId: $p, name: "1栋" }) { id } }', { p: propertyId }));
    const unitsInput = Array.from({ length: 48 }, (_, i) => ({ code: `1-1-${101 + i}`, floor: 1, usage: 'HOME', occupancy: i < 40 ? 'OWNER_OCCUPIED' : 'VACANT' }));
    ({ addUnits: units } = ok(await manager<{ addUnits: { id: string; code: string }[] }>('mutation($input: AddUnitsInput!) { addUnits(input: $input) { id code } }', { input: { buildingId: addBuilding.id, units: unitsInput } })));
    await eventually(async () => {
      const [row] = await graph.services.surveys.orm.em.fork().getConnection().execute('select count(*)::int as n from unit_directory where property_id = ?', [propertyId]);
      if (row.n !== 48) throw new Error('surveys has not heard of every unit yet');
    });
  }, 90_000);
  afterAll(() => graph?.stop());

  it('created for the next semiannual window with all eight categories; distributed to 30 of 40 occupied units; 24 answer: the exact rates', async () => {
    survey = ok(await supervisor()<{ createSurvey: Survey }>(`mutation($p: ID!) { createSurvey(input: { propertyId: $p, title: "2027年上半年业主满意度调查" }) { ${SURVEY} } }`, { p: propertyId })).createSurvey;
    expect(survey).toMatchObject({ opensOn: '2027-01-15', closesOn: '2027-01-30', status: 'DRAFT', categories: CATEGORIES });
    expect(firstError(await respond(desk(), units[0].id))).toMatchObject({ code: 'CONFLICT', reason: 'SURVEY_NOT_OPEN' });
    const distributed = ok(await supervisor()<{ distributeSurvey: Survey }>(`mutation($id: ID!, $u: [ID!]) { distributeSurvey(id: $id, unitIds: $u) { ${SURVEY} } }`, { id: survey.id, u: units.slice(0, 30).map((u) => u.id) })).distributeSurvey;
    expect(distributed).toMatchObject({ status: 'OPEN', distributedCount: 30, distributionRate: 0.75 });

    for (let i = 0; i < 23; i++) expect(ok(await respond(desk(), units[i].id, answers(i)))).toMatchObject({ submitSurveyResponse: { channel: 'PAPER' } });
    // The 24th answers online, for their own unit only.
    const owner = await createTestResident(graph, units[23].id, '业主');
    const resident = graph.as(Role.RESIDENT, { residentId: owner.id, unitIds: [units[23].id], propertyIds: [propertyId] });
    expect(firstError(await respond(resident, units[24].id)).code).toBe('FORBIDDEN');
    expect(ok(await respond(resident, units[23].id, answers(23)))).toMatchObject({ submitSurveyResponse: { channel: 'ONLINE' } });
    // Once per unit; only units it was handed to; residents see results only once published.
    expect(firstError(await respond(desk(), units[0].id))).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_ANSWERED' });
    expect(firstError(await respond(desk(), units[35].id))).toMatchObject({ code: 'CONFLICT', reason: 'NOT_DISTRIBUTED' });
    expect(firstError(await respond(desk(), units[24].id, [{ category: 'WATER_SUPPLY', rating: 'SATISFIED', comment: null }, { category: 'WATER_SUPPLY', rating: 'SATISFIED', comment: null }]))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'answers[1].category' });
    expect((await read(resident)).results).toEqual([]);

    const open = await read();
    expect(open).toMatchObject({ returnedCount: 24, returnRate: 0.8, overallSatisfactionRate: 0.9167 });
    expect(open.results.map((r) => [r.category, r.satisfied, r.fairlySatisfied, r.dissatisfied, r.satisfactionRate, r.met])).toEqual([
      ['POWER_SUPPLY', 24, 0, 0, 1, true], ['WATER_SUPPLY', 12, 6, 6, 0.75, false], ['FIRE_AND_SECURITY', 24, 0, 0, 1, true], ['SANITATION', 20, 0, 4, 0.8333, true],
      ['LANDSCAPING', 24, 0, 0, 1, true], ['PUBLIC_FACILITIES', 24, 0, 0, 1, true], ['REPAIR_SERVICE', 10, 8, 6, 0.75, false], ['SERVICE_ATTITUDE', 24, 0, 0, 1, true],
    ]);
    expect(open.commonComments).toEqual([{ comment: '电梯经常坏', count: 5 }, { comment: '垃圾清运不及时', count: 2 }]);
  });

  it('an answer after the window closes is refused', async () => {
    clock.set('2027-01-31T02:00:00Z');
    try {
      expect(firstError(await respond(desk(), units[25].id))).toMatchObject({ code: 'CONFLICT', reason: 'SURVEY_NOT_OPEN' });
    } finally {
      clock.set('2027-01-16T02:00:00Z');
    }
  });

  it('closing opens a RECTIFICATION ticket for each category below 80%; a rectification follows its ticket to DONE; residents see the results once published', async () => {
    const closed = ok(await supervisor()<{ closeSurvey: Survey }>(`mutation($id: ID!) { closeSurvey(id: $id) { ${SURVEY} } }`, { id: survey.id })).closeSurvey;
    expect(closed.status).toBe('CLOSED');
    expect(closed.rectifications.map((r) => [r.category, r.department, r.dueOn, r.status])).toEqual([['WATER_SUPPLY', 'ENGINEERING', '2027-02-15', 'OPEN'], ['REPAIR_SERVICE', 'ENGINEERING', '2027-02-15', 'OPEN']]);
    const withTickets = await eventually(async () => {
      const { rectifications } = await read();
      if (rectifications.some((r) => !r.ticket)) throw new Error('tickets not opened yet');
      return rectifications;
    }, 30_000); // surveys → NATS → tickets → NATS → surveys: two relays and two consumers
    expect(withTickets.map((r) => r.ticket!.kind)).toEqual(['RECTIFICATION', 'RECTIFICATION']);
    const ticketId = withTickets[0].ticket!.id;
    ok(await supervisor()('mutation($id: ID!) { dispatchTicket(id: $id, department: ENGINEERING) { id } }', { id: ticketId }));
    await eventually(async () => expect((await read()).rectifications[0].status).toBe('IN_PROGRESS'));
    ok(await graph.as(Role.ENGINEER)('mutation($id: ID!) { startTicket(id: $id) { id } }', { id: ticketId }));
    ok(await graph.as(Role.ENGINEER)('mutation($id: ID!) { resolveTicket(id: $id, note: "更换老化水管, 加压泵检修") { id } }', { id: ticketId }));
    await eventually(async () => expect((await read()).rectifications.map((r) => r.status)).toEqual(['DONE', 'OPEN']));

    const owner = await createTestResident(graph, units[26].id, '业主丙');
    const resident = graph.as(Role.RESIDENT, { residentId: owner.id, unitIds: [units[26].id], propertyIds: [propertyId] });
    expect((await read(resident)).results).toEqual([]);
    ok(await supervisor()('mutation($id: ID!) { publishSurvey(id: $id) { id } }', { id: survey.id }));
    expect((await read(resident)).results).toHaveLength(8);
  });

  it('the survey as CSV with service satisfaction beside it, and as charts (SVG: one bar per category, the target line)', async () => {
    const token = issueToken({ sub: 'report-supervisor', name: '主管', roles: [Role.SUPERVISOR], propertyIds: [propertyId] }, TEST_JWT_SECRET);
    const base = graph.url.replace(/\/graphql$/, '');
    const csv = await fetch(`${base}/reports/survey.csv?surveyId=${survey.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text).toContain('returns,return rate,80.0%,50.0%');
    expect(text).toContain('category,WATER_SUPPLY,75.0% (12 / 6 / 6),80.0%');
    expect(text).toContain('service satisfaction (callbacks),COMPLAINT');

    const chart = await fetch(`${base}/reports/survey-chart.svg?surveyId=${survey.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(chart.status).toBe(200);
    expect(chart.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    const svg = await chart.text();
    expect(svg.startsWith('<svg')).toBe(true);
    // Well-formed: no attribute value holds a double quote of its own (style="font-family:'Microsoft YaHei', …").
    expect(svg.match(/ [a-z-]+="[^"<>]*"/g)?.length).toBeGreaterThan(0);
    expect(svg).not.toMatch(/="[^"<>]*"[^\s/>]/);
    for (const label of ['供电', '供水', '消防安全', '环境卫生', '绿化', '公共设施', '维修服务', '服务态度', '目标 80%']) expect(svg).toContain(label);
    const bars = (svg.match(/fill="(#3b82c4|#d9534f)"/g) ?? []);
    expect(bars).toHaveLength(8);
    expect(bars.filter((b) => b.includes('#d9534f'))).toHaveLength(2);

    const trend = await fetch(`${base}/reports/survey-trend.svg?propertyId=${propertyId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(trend.status).toBe(200);
    expect(await trend.text()).toContain('91.7%');
    const stranger = issueToken({ sub: 'x', name: 'x', roles: [Role.SUPERVISOR], propertyIds: ['00000000-0000-4000-8000-000000000000'] }, TEST_JWT_SECRET);
    expect((await fetch(`${base}/reports/survey-chart.svg?surveyId=${survey.id}`, { headers: { authorization: `Bearer ${stranger}` } })).status).toBe(404);
  });

  it('visits: an assistant under the quota of 10 is flagged, the total against 5% of occupied units; feedback needing action opens a ticket', async () => {
    const wang = graph.as(Role.FRONT_DESK, { sub: 'desk-wang', name: '王芳' });
    const li = graph.as(Role.FRONT_DESK, { sub: 'desk-li', name: '李娜' });
    const visit = (as: ReturnType<TestGraph['as']>, i: number, extra: Record<string, unknown> = {}) =>
      as<{ recordVisit: { id: string; needsAction: boolean } }>('mutation($input: VisitInput!) { recordVisit(input: $input) { id needsAction visitedBy } }', {
        input: { unitId: units[i].id, method: i % 2 ? 'DOOR' : 'PHONE', topics: '物业服务意见', feedback: '总体满意', residentSigned: i % 3 === 0, ...extra },
      });
    for (let i = 0; i < 10; i++) ok(await visit(wang, i));
    for (let i = 10; i < 12; i++) ok(await visit(li, i));
    expect(firstError(await visit(li, 12, { needsAction: true, feedback: null }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'feedback' });
    const flagged = ok(await visit(li, 12, { needsAction: true, topics: '楼道灯不亮', feedback: '三楼楼道灯坏了一周' })).recordVisit;
    const { visitSummary } = ok(await supervisor()<{ visitSummary: Record<string, unknown> }>(
      'query($p: ID!) { visitSummary(propertyId: $p, month: "2027-01") { month total occupiedUnits required totalMet short staff { name visits quota met short } } }', { p: propertyId }));
    expect(visitSummary).toEqual({
      month: '2027-01', total: 13, occupiedUnits: 40, required: 2, totalMet: true, short: ['李娜'],
      staff: [{ name: '王芳', visits: 10, quota: 10, met: true, short: 0 }, { name: '李娜', visits: 3, quota: 10, met: false, short: 7 }],
    });
    const { tickets } = await eventually(async () => {
      const found = ok(await desk()<{ tickets: { edges: { node: { kind: string; channel: string; title: string; unit: { code: string } } }[] } }>(
        'query($p: ID!) { tickets(filter: { propertyId: $p, kind: REQUEST }) { edges { node { kind channel title unit { code } } } } }', { p: propertyId }));
      if (!found.tickets.edges.length) throw new Error('no ticket yet');
      return found;
    });
    expect(tickets.edges.map((e) => e.node)).toEqual([{ kind: 'REQUEST', channel: 'VISIT', title: '走访反馈: 楼道灯不亮', unit: { code: units[12].code } }]);
    expect(flagged.needsAction).toBe(true);
  });
});
