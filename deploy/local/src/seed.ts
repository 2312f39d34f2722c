import { chineseName, idNumber, mobile, pick, seededRandom, TICKET_SAMPLES } from './demo-data';
import { gql } from './graphql';
import { counter } from './progress';

export const DEMO_PROPERTY = '翠湖花园';

/** The unit the README and the start banner use as the example: it has residents, a ticket, a renovation and a lease. */
export const SHOWCASE_UNIT = '1-1-101';

/** 3 buildings × 2 entrances × 18 floors × 3 flats = 324 units. */
const BUILDINGS = 3;
const ENTRANCES = 2;
const FLOORS = 18;
const FLATS = 3;

const OCCUPANCY: [status: string, share: number][] = [
  ['OWNER_OCCUPIED', 0.6],
  ['RENTED', 0.15],
  ['VACANT', 0.13],
  ['UNDER_RENOVATION', 0.05],
  ['NOT_HANDED_OVER', 0.07],
];

function occupancyFor(r: number): string {
  let sum = 0;
  for (const [status, share] of OCCUPANCY) {
    sum += share;
    if (r < sum) return status;
  }
  return 'OWNER_OCCUPIED';
}

interface SeededUnit {
  id: string;
  code: string;
  occupancy: string;
}

/** In batches of `size` at a time, so the demo seeds quickly without flooding the services. */
async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>, onDone: (n: number) => void) {
  for (let i = 0; i < items.length; i += size) {
    const batch = items.slice(i, i + size);
    await Promise.all(batch.map(work));
    onDone(batch.length);
  }
}

/** Parking learns of residents, renovation of units, from their events a moment later: retry while they catch up. */
async function untilReadModelsCatchUp<T>(apply: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await apply();
    } catch (error) {
      if (!/active owner or tenant|known to renovation/.test(String(error)) || Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** The demo property's id if it exists already. */
export async function findDemoProperty(url: string, token: string): Promise<string | undefined> {
  const { properties } = await gql<{ properties: { id: string; name: string }[] }>(url, token, '{ properties { id name } }');
  return properties.find((p) => p.name === DEMO_PROPERTY)?.id;
}

/**
 * Seeds one residential property through the gateway, as the desk would enter it: buildings, 324
 * units, owners and tenants, a parking lot, renovations, a survey and a few dozen tickets.
 */
export async function seedDemo(url: string, managerToken: string, assistants: (propertyId: string) => string[] = () => [managerToken]): Promise<string> {
  const random = seededRandom(20261122);
  const call = <T>(query: string, variables: Record<string, unknown>) => gql<T>(url, managerToken, query, variables);

  const { createProperty } = await call<{ createProperty: { id: string } }>(
    'mutation($input: CreatePropertyInput!) { createProperty(input: $input) { id } }',
    { input: { name: DEMO_PROPERTY, kind: 'RESIDENTIAL' } },
  );
  const propertyId = createProperty.id;
  // Buildings, units and residents in one bulk import (the path a property's register comes in by), then read back.
  const rows: string[][] = [];
  /** Tenants come in at the desk with the owner's consent (the import refuses them). */
  const tenants: string[] = [];
  for (let b = 1; b <= BUILDINGS; b++)
    for (let e = 1; e <= ENTRANCES; e++)
      for (let f = 1; f <= FLOORS; f++)
        for (let n = 1; n <= FLATS; n++) {
          const code = `${b}-${e}-${f}${String(n).padStart(2, '0')}`;
          const occupancy = code === SHOWCASE_UNIT ? 'OWNER_OCCUPIED' : occupancyFor(random());
          const unit = [`${b}栋`, code, String(f), 'HOME', occupancy];
          const people: string[] = [];
          if (occupancy !== 'NOT_HANDED_OVER') {
            people.push('OWNER');
            if (occupancy === 'RENTED') tenants.push(code);
            if (occupancy === 'OWNER_OCCUPIED' && random() < 0.3) people.push('HOUSEHOLD_MEMBER');
          }
          if (!people.length) rows.push([...unit, '', '', '', '']);
          for (const kind of people) rows.push([...unit, chineseName(random), kind, mobile(random), idNumber(random)]);
        }
  const csv = [IMPORT_HEADER, ...rows.map((row) => row.join(','))].join('\n');
  const { importResidents } = await call<{ importResidents: { ok: boolean; residentsCreated: number; problems: { line: number; message: string }[] } }>(
    'mutation($p: ID!, $csv: String!) { importResidents(propertyId: $p, csv: $csv) { ok residentsCreated problems { line message } } }', { p: propertyId, csv });
  if (!importResidents.ok) throw new Error(`demo import refused: ${importResidents.problems.slice(0, 3).map((p) => `line ${p.line}: ${p.message}`).join('; ')}`);
  const units = await allPages<SeededUnit>(call, 'units', 'query($p: ID!, $after: String) { units(propertyId: $p, first: 200, after: $after) { edges { node { id code occupancy } } pageInfo { hasNextPage endCursor } } }', propertyId);
  const residents = await allPages<{ id: string; kind: string; unit: { id: string } }>(call, 'residents',
    'query($p: ID!, $after: String) { residents(propertyId: $p, first: 200, after: $after) { edges { node { id kind unit { id } } } pageInfo { hasNextPage endCursor } } }', propertyId);
  const residentIds = new Map(residents.filter((r) => r.kind === 'OWNER').map((r) => [r.unit.id, r.id]));
  const unitIds = new Map(units.map((u) => [u.code, u.id]));
  const progress = counter('tenants', tenants.length);
  await inBatches(tenants, 16, async (code) => {
    await call('mutation($input: RegisterResidentInput!) { registerResident(input: $input) { id } }', {
      input: { unitId: unitIds.get(code), kind: 'TENANT', name: chineseName(random), phone: mobile(random), idNumber: idNumber(random), ownerConsent: true },
    });
  }, progress.tick);
  progress.end();

  const occupied = units.filter((u) => residentIds.has(u.id));
  const showcase = units.find((u) => u.code === SHOWCASE_UNIT)!;
  const open = 'mutation($input: OpenTicketInput!) { openTicket(input: $input) { id kind } }';
  const opened: { id: string; kind: string }[] = [];
  for (let i = 0; i < 40; i++) {
    const sample = TICKET_SAMPLES[i % TICKET_SAMPLES.length];
    const unit = i === 0 ? showcase : pick(random, occupied);
    const patrol = sample.kind === 'PATROL_FINDING';
    const { openTicket } = await call<{ openTicket: { id: string; kind: string } }>(open, {
      input: {
        propertyId,
        kind: sample.kind,
        channel: 'channel' in sample ? sample.channel : pick(random, ['PHONE', 'VISIT', 'APP']),
        title: sample.title,
        unitId: patrol ? undefined : unit.id,
        reporterId: patrol ? undefined : residentIds.get(unit.id),
        urgency: 'urgency' in sample ? sample.urgency : undefined,
        incidentKey: 'incidentKey' in sample ? sample.incidentKey : undefined,
      },
    });
    opened.push(openTicket);
  }
  await seedTicketWork(call, propertyId, showcase, residentIds.get(showcase.id)!, opened, random);
  await seedHandover(call, units.find((u) => u.occupancy === 'NOT_HANDED_OVER')!);

  const { createParkingLot } = await call<{ createParkingLot: { id: string } }>(
    'mutation($input: CreateParkingLotInput!) { createParkingLot(input: $input) { id } }',
    { input: { propertyId, name: '地下停车场 B1', spaceCodes: Array.from({ length: 60 }, (_, i) => `B1-${String(i + 1).padStart(3, '0')}`) } },
  );
  await seedParking(call, createParkingLot.id, propertyId, occupied.slice(0, 17), residentIds, random);

  await seedRenovations(call, [
    showcase,
    ...units.filter((u) => u.occupancy === 'OWNER_OCCUPIED' && u !== showcase && residentIds.has(u.id)).slice(0, 2),
    ...units.filter((u) => u.occupancy === 'UNDER_RENOVATION' && residentIds.has(u.id)).slice(0, 3),
  ], residentIds);

  await seedSurveys(call, propertyId, occupied, random);
  await seedVisits(url, assistants(propertyId), occupied, residentIds, random);
  return propertyId;
}

type Call = <T>(query: string, variables: Record<string, unknown>) => Promise<T>;

const IMPORT_HEADER = 'building,unit,floor,usage,occupancy,resident_name,resident_kind,phone,id_number';

/** Every node of a paginated list, page by page. */
async function allPages<T>(call: Call, field: string, query: string, propertyId: string): Promise<T[]> {
  const nodes: T[] = [];
  let after: string | null = null;
  for (;;) {
    type Page = { edges: { node: T }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    const answer: Record<string, Page> = await call<Record<string, Page>>(query, { p: propertyId, after });
    const page = answer[field];
    nodes.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
  }
}

const CATEGORIES = ['POWER_SUPPLY', 'WATER_SUPPLY', 'FIRE_AND_SECURITY', 'SANITATION', 'LANDSCAPING', 'PUBLIC_FACILITIES', 'REPAIR_SERVICE', 'SERVICE_ATTITUDE'];
/** How likely each category is rated DISSATISFIED in the demo: public facilities and repairs fall below target. */
const UNHAPPY: Record<string, number> = { PUBLIC_FACILITIES: 0.3, REPAIR_SERVICE: 0.25 };
const COMMENTS: Record<string, string[]> = {
  PUBLIC_FACILITIES: ['电梯经常停运', '健身器材损坏未修', '电梯经常停运'],
  REPAIR_SERVICE: ['报修后上门太慢', '维修师傅态度好但修不好'],
  SANITATION: ['垃圾清运不及时'],
};

/**
 * This half-year's survey, closed: distributed to every occupied unit, answered by most of them
 * (public facilities and repairs below target, so closing opens their RECTIFICATION tickets), and
 * published; the next one drafted for January.
 */
async function seedSurveys(call: Call, propertyId: string, occupied: SeededUnit[], random: () => number) {
  const today = new Date(Date.now() + 8 * 3_600_000);
  const date = (daysAgo: number) => new Date(today.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  const { createSurvey } = await call<{ createSurvey: { id: string } }>('mutation($input: CreateSurveyInput!) { createSurvey(input: $input) { id } }', {
    input: { propertyId, title: `${today.getUTCFullYear()}年下半年业主满意度调查`, opensOn: date(14), closesOn: date(0) },
  });
  // Distributed to every occupied unit surveys knows of; units still arriving from residents' events are added by distributing again.
  const expected = occupied.filter((u) => ['OWNER_OCCUPIED', 'RENTED', 'OFFICE_OCCUPIED'].includes(u.occupancy)).length;
  for (let attempt = 0; ; attempt++) {
    const { distributeSurvey } = await call<{ distributeSurvey: { distributedCount: number } }>('mutation($id: ID!) { distributeSurvey(id: $id) { distributedCount } }', { id: createSurvey.id });
    if (distributeSurvey.distributedCount >= expected * 0.9 || attempt === 60) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const answering = occupied.filter(() => random() < 0.85);
  const progress = counter('survey answers', answering.length);
  await inBatches(answering, 8, async (unit) => {
    const answers = CATEGORIES.map((category) => {
      const roll = random();
      const unhappy = UNHAPPY[category] ?? 0.05;
      const rating = roll < unhappy ? 'DISSATISFIED' : roll < unhappy + 0.25 ? 'FAIRLY_SATISFIED' : 'SATISFIED';
      const comment = rating === 'DISSATISFIED' && COMMENTS[category] ? pick(random, COMMENTS[category]) : null;
      return { category, rating, comment };
    });
    await call('mutation($input: SurveyResponseInput!) { submitSurveyResponse(input: $input) { id } }', { input: { surveyId: createSurvey.id, unitId: unit.id, answers } })
      .catch((error: unknown) => { if (!/NOT_DISTRIBUTED|not distributed/.test(String(error))) throw error; });
  }, progress.tick);
  progress.end();
  await call('mutation($id: ID!) { closeSurvey(id: $id) { id } }', { id: createSurvey.id });
  await call('mutation($id: ID!) { publishSurvey(id: $id) { id } }', { id: createSurvey.id });
  await call('mutation($input: CreateSurveyInput!) { createSurvey(input: $input) { id } }', { input: { propertyId, title: `${today.getUTCFullYear() + 1}年上半年业主满意度调查` } });
}

/** A month of household visits by three assistants (one short of the quota), two with feedback that opened a ticket. */
async function seedVisits(url: string, assistants: string[], occupied: SeededUnit[], residentIds: Map<string, string>, random: () => number) {
  const plan = assistants.map((token, i) => ({ token, visits: [12, 10, 6][i] ?? 10 }));
  const daysThisMonth = new Date(Date.now() + 8 * 3_600_000).getUTCDate();
  let next = 0;
  for (const { token, visits } of plan) {
    for (let v = 0; v < visits; v++) {
      const unit = occupied[next++ % occupied.length];
      const needsAction = (v === 2 && token === plan[0].token) || (v === 4 && token === plan[1]?.token);
      await gql(url, token, 'mutation($input: VisitInput!) { recordVisit(input: $input) { id } }', {
        input: {
          unitId: unit.id, residentId: residentIds.get(unit.id), method: pick(random, ['DOOR', 'DOOR', 'PHONE', 'OUTDOOR', 'QUESTIONNAIRE']),
          topics: needsAction ? '地下车库照明不足' : pick(random, ['物业服务意见', '装修注意事项', '停车管理', '绿化养护']),
          feedback: needsAction ? '车库B区多盏灯不亮, 晚上很暗' : pick(random, ['总体满意', '希望加强保洁', '无']),
          residentSigned: random() < 0.6, needsAction,
          // Earlier this month (China time), so the month's visit summary counts them.
          visitedAt: new Date(Date.now() - Math.floor(random() * daysThisMonth) * 86_400_000 - 3_600_000).toISOString(),
        },
      });
    }
  }
}

/**
 * The car park as the desk meets it: in the big lot, leases paid (one running since last month and
 * ending within the week, so its reminder is due) and some awaiting payment; a small surface lot,
 * full, with households on its waiting list.
 */
async function seedParking(call: Call, lotId: string, propertyId: string, households: SeededUnit[], residentIds: Map<string, string>, random: () => number) {
  const provinces = ['鄂A', '鄂A', '鄂A', '粤B', '京N'];
  const { createParkingLot: surface } = await call<{ createParkingLot: { id: string } }>(
    'mutation($input: CreateParkingLotInput!) { createParkingLot(input: $input) { id } }',
    { input: { propertyId, name: '地面停车场', spaceCodes: ['D-01', 'D-02', 'D-03'] } },
  );
  await call('mutation($l: ID!) { addParkingSpaces(lotId: $l, spaces: [{ code: "B1-EV1", kind: EV_CHARGING }, { code: "B1-A1", kind: ACCESSIBLE }]) { id } }', { l: lotId });
  const leases: { id: string; amountDueFen: number }[] = [];
  for (const [i, unit] of households.entries()) {
    const plate = `${pick(random, provinces)}${String(10000 + Math.floor(random() * 89999))}`;
    const { applyForParking } = await untilReadModelsCatchUp(() => call<{ applyForParking: { id: string; amountDueFen: number } }>(
      'mutation($input: ParkingApplicationInput!) { applyForParking(input: $input) { id amountDueFen } }', {
        input: { lotId: i < 12 ? lotId : surface.id, unitId: unit.id, holderId: residentIds.get(unit.id), plate, vehicleModel: pick(random, ['大众朗逸', '丰田凯美瑞', '比亚迪汉', '本田雅阁']),
          drivingLicenseHolder: '业主本人', term: i > 0 && i < 12 ? pick(random, ['MONTHLY', 'QUARTERLY', 'YEARLY']) : 'MONTHLY' },
      }));
    leases.push(applyForParking);
  }
  const monthAgo = new Date(Date.now() + 8 * 3_600_000 - 25 * 86_400_000).toISOString().slice(0, 10);
  const paid = [...leases.slice(0, 8), ...leases.slice(12, 15)];
  for (const [i, lease] of paid.entries()) {
    await call('mutation($id: ID!, $a: Int!, $r: String!, $s: Date) { recordParkingPayment(leaseId: $id, amountFen: $a, receiptNo: $r, startsOn: $s) { id } }', {
      id: lease.id, a: lease.amountDueFen, r: `TC-SK-${String(i + 1).padStart(4, '0')}`, s: i === 0 ? monthAgo : null,
    });
  }
}

const CONTRACTOR = { name: '武汉美家装饰工程有限公司', licenseNo: '91420100MA4K000000', responsiblePerson: '周工', phone: '13907150000' };
const ALL_PAPERS = [
  'FLOOR_PLAN', 'CEILING_PLAN', 'PLUMBING_ELECTRICAL_PLAN', 'WALL_CHANGE_PLAN', 'CONTRACTOR_RESPONSIBLE_PERSON_ID', 'CONTRACTOR_AUTHORISATION',
  'CONTRACTOR_BUSINESS_LICENCE', 'CONTRACTOR_QUALIFICATION', 'CONTRACTOR_TAX_REGISTRATION',
];
const ALL_UNDERTAKINGS = ['APPLICATION_FORM', 'MANAGEMENT_AGREEMENT', 'NON_LOAD_BEARING_WALL_UNDERTAKING', 'FIRE_SAFETY_RESPONSIBILITY', 'FIRE_FACILITY_UNDERTAKING'];

/**
 * Renovations in the states the desk meets them: the showcase unit's waiting for papers, one works
 * in progress (permit, worker passes, today's inspections, a serious violation with its ticket), one
 * inspected and awaiting its deposit refund, and submitted ones on units already being renovated.
 */
async function seedRenovations(call: Call, [showcase, working, finished, ...others]: SeededUnit[], residentIds: Map<string, string>) {
  const submit = (unit: SeededUnit, complete: boolean) => untilReadModelsCatchUp(() => call<{ submitRenovation: { id: string; totalDueFen: number; number: string } }>(
    'mutation($input: SubmitRenovationInput!) { submitRenovation(input: $input) { id totalDueFen number } }', {
      input: { unitId: unit.id, applicantId: residentIds.get(unit.id), workItems: ['FLOORING', 'PAINTING', 'ELECTRICAL'], selfBuild: false, contractor: CONTRACTOR,
        workerPasses: 2, providedDocuments: complete ? ALL_PAPERS : ['FLOOR_PLAN', 'CEILING_PLAN'], signedUndertakings: complete ? ALL_UNDERTAKINGS : [] },
    })).then((r) => r.submitRenovation);
  const step = (mutation: string, id: string) => call(`mutation($id: ID!) { ${mutation} { id } }`, { id });
  /** Approved, protected, paid and permitted. */
  const permitted = async (unit: SeededUnit) => {
    const app = await submit(unit, true);
    await step('approveRenovation(id: $id)', app.id);
    await step('confirmSiteProtection(id: $id)', app.id);
    await step(`recordRenovationPayment(id: $id, amountFen: ${app.totalDueFen}, receiptNo: "SK-${app.number}")`, app.id);
    await step('issueRenovationPermit(id: $id, workers: [{ name: "王建国", idNumber: "420102199001011236" }, { name: "刘强", idNumber: "42010219850505100X" }])', app.id);
    return app;
  };
  await submit(showcase, false);
  if (working) {
    const app = await permitted(working);
    for (const department of ['CUSTOMER_SERVICE', 'ENGINEERING', 'SECURITY']) await step(`recordRenovationInspection(id: $id, department: ${department}, findings: "现场整洁, 消防器材到位")`, app.id);
    const now = Date.now();
    await call('mutation($id: ID!, $input: ViolationInput!) { recordRenovationViolation(id: $id, input: $input) { id } }', {
      id: app.id,
      input: { severity: 'SERIOUS', description: '未经审批在阳台动火焊接', penaltyFen: 50_000, ownerNotifiedAt: new Date(now - 3_600_000).toISOString(), contractorNotifiedAt: new Date(now - 1_800_000).toISOString(), ownerSigned: true, contractorSigned: true },
    });
  }
  if (finished) {
    const app = await permitted(finished);
    await step('requestCompletionInspection(id: $id)', app.id);
    await step('recordCompletionInspection(id: $id, passed: true)', app.id);
  }
  for (const unit of others) await submit(unit, false);
}

/**
 * Some of the desk's work, so reports have something to show: a paid repair from the catalogue on
 * the showcase unit, and a third of the other repairs, requests and complaints worked, resolved and
 * called back (mostly satisfied).
 */
async function seedTicketWork(call: Call, propertyId: string, showcase: SeededUnit, ownerId: string, opened: { id: string; kind: string }[], random: () => number) {
  const { openTicket: paid } = await call<{ openTicket: { id: string } }>('mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }', {
    input: { propertyId, kind: 'REPAIR', channel: 'PHONE', title: '卫生间马桶堵塞', unitId: showcase.id, reporterId: ownerId, serviceCode: 'S40' },
  });
  const work = [paid.id, ...opened.filter((t, i) => i % 3 === 1 && ['REPAIR', 'REQUEST', 'COMPLAINT', 'SUGGESTION'].includes(t.kind)).map((t) => t.id)];
  for (const [i, id] of work.entries()) {
    const kind = i === 0 ? 'REPAIR' : opened.find((t) => t.id === id)!.kind;
    if (kind === 'COMPLAINT') await call('mutation($id: ID!) { classifyComplaint(id: $id, validity: VALID, severity: MINOR) { id } }', { id });
    await call('mutation($id: ID!, $d: Department!) { dispatchTicket(id: $id, department: $d, assignee: "李师傅") { id } }', { id, d: kind === 'REPAIR' ? 'ENGINEERING' : 'CUSTOMER_SERVICE' });
    await call('mutation($id: ID!) { startTicket(id: $id) { id } }', { id });
    await call('mutation($id: ID!, $m: String) { resolveTicket(id: $id, note: "已处理完毕", materials: $m) { id } }', { id, m: i === 0 ? '疏通剂 1 瓶' : null });
    const satisfaction = random() < 0.85 ? 'SATISFIED' : random() < 0.5 ? 'FAIRLY_SATISFIED' : 'DISSATISFIED';
    await call('mutation($id: ID!, $s: Satisfaction!) { recordCallback(id: $id, input: { resolved: true, satisfaction: $s }) { id } }', { id, s: satisfaction });
  }
  // And the day's work in flight, so every column of the board has cards: dispatched, being worked, on hold, awaiting callback.
  const inFlight = opened.filter((t, i) => i % 3 === 2 && ['REPAIR', 'REQUEST', 'SUGGESTION'].includes(t.kind));
  for (const [i, { id, kind }] of inFlight.entries()) {
    await call('mutation($id: ID!, $d: Department!) { dispatchTicket(id: $id, department: $d, assignee: "王师傅") { id } }', { id, d: kind === 'REPAIR' ? 'ENGINEERING' : 'CUSTOMER_SERVICE' });
    if (i % 4 === 0) continue;
    await call('mutation($id: ID!) { startTicket(id: $id) { id } }', { id });
    if (i % 4 === 1) continue;
    if (i % 4 === 2) {
      await call('mutation($id: ID!, $until: DateTime!) { holdTicket(id: $id, until: $until, note: "业主约明天上午") { id } }', { id, until: new Date(Date.now() + 86_400_000).toISOString() });
      continue;
    }
    await call('mutation($id: ID!) { resolveTicket(id: $id, note: "已处理完毕") { id } }', { id });
  }
}

/** One hand-over (入伙) with two defects found at the inspection: tickets opens a repair for each. */
async function seedHandover(call: Call, unit: SeededUnit | undefined) {
  if (!unit) return;
  await call('mutation($input: HandOverUnitInput!) { handOverUnit(input: $input) { id } }', {
    input: {
      unitId: unit.id,
      owner: { name: '陈新业主', phone: '13971112222', idNumber: '11010519491231002X' },
      identityChecked: ['ID_CARD', 'PURCHASE_CONTRACT', 'MOVE_IN_NOTICE'],
      prepaid: { months: 3, managementFeeFen: 86_400 },
      documentsSigned: ['HOUSEHOLD_REGISTER', 'BANK_COLLECTION_AGREEMENT', 'FIRE_SAFETY_AGREEMENT', 'KEY_RECEIPT'],
      keysIssued: 3,
      meterReadings: { water: 0.8, electricity: 15.2, gas: 0.1 },
      defects: [{ description: '主卧窗户密封条脱落', large: false }, { description: '厨房墙砖空鼓', large: true }],
    },
  });
}
