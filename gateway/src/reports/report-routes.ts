import { type IncomingMessage, type ServerResponse } from 'node:http';

import { type ApolloServer } from '@apollo/server';
import { AppError } from '@pm/errors';
import { type Identity } from '@pm/identity';
import { type Logger } from '@pm/runtime';
import { GraphQLError } from 'graphql';

import { CHART_REPORTS } from './charts';
import { type Data, type Params, type Report, required } from './report';
import { chinaTime, LOCAL_OFFSET_MS, percent, toCsv, yuan } from './csv';

interface ReportContext {
  identity: Identity;
}

type CsvReport = Report;


/**
 * A period bound: an ISO date-time as is, or a date (China time) — `from` at the start of that day,
 * `to` at the end of it, so `from=2026-11-16&to=2026-11-20` is Monday to Friday inclusive.
 */
function bound(params: Params, name: 'from' | 'to'): string {
  const value = required(params, name);
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const midnight = Date.parse(`${value}T00:00:00Z`) - LOCAL_OFFSET_MS;
    if (Number.isNaN(midnight)) throw AppError.badInput(name, `${name} is not a date`);
    return new Date(midnight + (name === 'to' ? 86_400_000 : 0)).toISOString();
  }
  if (Number.isNaN(Date.parse(value))) throw AppError.badInput(name, `${name} must be a date (YYYY-MM-DD) or an ISO date-time`);
  return value;
}

const ticketSummary: CsvReport = {
  filename: (p) => `ticket-summary-${p.get('from')}-${p.get('to')}.csv`,
  variables: (p) => ({ propertyId: required(p, 'propertyId'), from: bound(p, 'from'), to: bound(p, 'to') }),
  query: `query TicketSummaryCsv($propertyId: ID!, $from: DateTime!, $to: DateTime!) {
    ticketSummary(propertyId: $propertyId, from: $from, to: $to) {
      from to total breaches callbacksDue calledBack callbackRate callbackRateTarget callbacks satisfied fairlySatisfied dissatisfied satisfactionRate
      byKind { kind count } byStatus { status count } byDepartment { department count } bySeverity { severity count }
      breachesByKind { kind count } satisfactionByKind { kind callbacks satisfactionRate target met }
    }
  }`,
  render: ({ ticketSummary: s }) => {
    const rows: unknown[][] = [
      ['period', 'from', chinaTime(s.from)],
      ['period', 'to', chinaTime(s.to)],
      ['tickets', 'received', s.total],
      ...s.byKind.map((r: Data) => ['kind', r.kind, r.count]),
      ...s.byStatus.map((r: Data) => ['status', r.status, r.count]),
      ...s.byDepartment.map((r: Data) => ['department', r.department ?? 'NOT_DISPATCHED', r.count]),
      ...s.bySeverity.map((r: Data) => ['complaint severity', r.severity ?? 'UNCLASSIFIED_OR_INVALID', r.count]),
      ['breaches', 'tickets with a missed deadline', s.breaches],
      ...s.breachesByKind.map((r: Data) => ['breaches', r.kind, r.count]),
      ['callbacks', 'due', s.callbacksDue],
      ['callbacks', 'called back', s.calledBack],
      ['callbacks', 'callback rate', percent(s.callbackRate), percent(s.callbackRateTarget)],
      ['satisfaction', 'callbacks made', s.callbacks],
      ['satisfaction', 'SATISFIED', s.satisfied],
      ['satisfaction', 'FAIRLY_SATISFIED', s.fairlySatisfied],
      ['satisfaction', 'DISSATISFIED', s.dissatisfied],
      ['satisfaction', 'satisfaction rate', percent(s.satisfactionRate)],
      ...s.satisfactionByKind.map((r: Data) => ['satisfaction by kind', r.kind, `${percent(r.satisfactionRate)} (${r.callbacks} callbacks)`, percent(r.target)]),
    ];
    return toCsv(['section', 'item', 'value', 'target'], rows);
  },
};

const complaintAnalysis: CsvReport = {
  filename: (p) => `complaint-analysis-${p.get('from')}-${p.get('to')}.csv`,
  variables: (p) => ({ propertyId: required(p, 'propertyId'), from: bound(p, 'from'), to: bound(p, 'to') }),
  query: `query ComplaintAnalysisCsv($propertyId: ID!, $from: DateTime!, $to: DateTime!) {
    complaintAnalysis(propertyId: $propertyId, from: $from, to: $to) {
      from to total valid invalid answered resolved breached extensionsRequested extensionsApproved correctiveActions correctionsVerified
      byCause { cause count } bySeverity { severity count } byDepartment { department count }
      repeatIncidents { incidentKey complaints } repeatUnits { unit { code } complaints }
    }
  }`,
  render: ({ complaintAnalysis: a }) => toCsv(['section', 'item', 'count'], [
    ['period', 'from', chinaTime(a.from)], ['period', 'to', chinaTime(a.to)],
    ['complaints', 'received', a.total], ['complaints', 'VALID', a.valid], ['complaints', 'INVALID', a.invalid],
    ['complaints', 'answered', a.answered], ['complaints', 'resolved', a.resolved], ['complaints', 'with a missed deadline', a.breached],
    ['extensions', 'requested', a.extensionsRequested], ['extensions', 'approved', a.extensionsApproved],
    ['corrective actions', 'recorded', a.correctiveActions], ['corrective actions', 'verified', a.correctionsVerified],
    ...a.byCause.map((r: Data) => ['cause', r.cause ?? 'NOT_RECORDED', r.count]),
    ...a.bySeverity.map((r: Data) => ['severity', r.severity ?? 'UNCLASSIFIED_OR_INVALID', r.count]),
    ...a.byDepartment.map((r: Data) => ['department', r.department ?? 'NOT_DISPATCHED', r.count]),
    ...a.repeatIncidents.map((r: Data) => ['repeat incident', r.incidentKey, r.complaints]),
    ...a.repeatUnits.map((r: Data) => ['repeat unit', r.unit?.code ?? '', r.complaints]),
  ]),
};

/** The complaints behind the analysis, one row each. */
const complaintList: CsvReport = {
  filename: (p) => `complaints-${p.get('from')}-${p.get('to')}.csv`,
  variables: complaintAnalysis.variables,
  query: `query ComplaintListCsv($propertyId: ID!, $from: DateTime!, $to: DateTime!) {
    complaintAnalysis(propertyId: $propertyId, from: $from, to: $to) {
      lines { number createdAt unit { code } title status severity cause department answeredAt resolvedAt breached correctiveMeasure verifiedBy }
    }
  }`,
  render: ({ complaintAnalysis: a }) => toCsv(
    ['complaint', 'received', 'unit', 'title', 'status', 'severity', 'cause', 'department', 'answered', 'resolved', 'missed a deadline', 'corrective measure', 'verified by'],
    a.lines.map((l: Data) => [
      l.number, chinaTime(l.createdAt), l.unit?.code ?? '', l.title, l.status, l.severity ?? '', l.cause ?? '', l.department ?? '',
      chinaTime(l.answeredAt), chinaTime(l.resolvedAt), l.breached ? 'yes' : 'no', l.correctiveMeasure ?? '', l.verifiedBy ?? '',
    ]),
  ),
};

const paidRepairs: CsvReport = {
  filename: (p) => `paid-repairs-${p.get('month')}.csv`,
  variables: (p) => ({ propertyId: required(p, 'propertyId'), month: required(p, 'month') }),
  query: `query PaidRepairsCsv($propertyId: ID!, $month: String!) {
    paidRepairReport(propertyId: $propertyId, month: $month) {
      count totalFeeFen
      lines { number title resolvedAt unit { code } serviceCode serviceName quotedFeeFen feeFen materials assignee }
    }
  }`,
  render: ({ paidRepairReport: r }) =>
    toCsv(
      ['ticket', 'resolved', 'unit', 'title', 'service code', 'service', 'quoted (CNY)', 'fee (CNY)', 'materials', 'by'],
      [
        ...r.lines.map((l: Data) => [l.number, chinaTime(l.resolvedAt), l.unit?.code ?? '', l.title, l.serviceCode, l.serviceName, yuan(l.quotedFeeFen), yuan(l.feeFen), l.materials, l.assignee]),
        ['TOTAL', '', '', `${r.count} paid repairs`, '', '', '', yuan(r.totalFeeFen), '', ''],
      ],
    ),
};

const serviceSatisfaction: CsvReport = {
  filename: (p) => `service-satisfaction-${p.get('month')}.csv`,
  variables: (p) => ({ propertyId: required(p, 'propertyId'), month: required(p, 'month') }),
  query: `query ServiceSatisfactionCsv($propertyId: ID!, $month: String!) {
    serviceSatisfaction(propertyId: $propertyId, month: $month) { kind callbacks satisfied fairlySatisfied dissatisfied late satisfactionRate target met }
  }`,
  render: ({ serviceSatisfaction: rows }) =>
    toCsv(
      ['kind', 'callbacks', 'satisfied', 'fairly satisfied', 'dissatisfied', 'late callbacks', 'satisfaction', 'target', 'met'],
      rows.map((r: Data) => [r.kind, r.callbacks, r.satisfied, r.fairlySatisfied, r.dissatisfied, r.late, percent(r.satisfactionRate), percent(r.target), r.met === null ? '' : r.met ? 'yes' : 'NO']),
    ),
};

const OCCUPANCY_STATUSES = ['NOT_HANDED_OVER', 'VACANT', 'OWNER_OCCUPIED', 'OFFICE_OCCUPIED', 'RENTED', 'UNDER_RENOVATION'];

const occupancy: CsvReport = {
  filename: (p) => `occupancy-${p.get('month')}.csv`,
  variables: (p) => ({ propertyId: required(p, 'propertyId'), month: required(p, 'month') }),
  query: `query OccupancyCsv($propertyId: ID!, $month: String!) {
    occupancyMonthlyReport(propertyId: $propertyId, month: $month) {
      rows { buildingName units byStatus { status count } handedOver movedIn movedOut renovation corrections }
    }
  }`,
  render: ({ occupancyMonthlyReport: r }) =>
    toCsv(
      ['building', 'units', ...OCCUPANCY_STATUSES, 'handed over', 'moved in', 'moved out', 'renovation', 'corrections'],
      r.rows.map((row: Data) => [
        row.buildingName, row.units,
        ...OCCUPANCY_STATUSES.map((status) => row.byStatus.find((s: Data) => s.status === status)?.count ?? 0),
        row.handedOver, row.movedIn, row.movedOut, row.renovation, row.corrections,
      ]),
    ),
};

const RENOVATION_ROW = 'number status createdAt unit { code } unitUsage applicantKind selfBuild contractor { name responsiblePerson } workItems totalDueFen feesPaid decisionDueBy decidedAt permitIssuedAt inspectionPassedOn depositRefundDueOn violations { severity penaltyFen } refund { refundFen owedFen }';

const renovationRegister: CsvReport = {
  filename: (p) => `renovations-${p.get('month')}.csv`,
  variables: (p) => ({ propertyId: required(p, 'propertyId'), month: required(p, 'month') }),
  query: `query RenovationRegisterCsv($propertyId: ID!, $month: String!) { renovationRegister(propertyId: $propertyId, month: $month) { ${RENOVATION_ROW} } }`,
  render: ({ renovationRegister: rows }) =>
    toCsv(
      ['application', 'submitted', 'unit', 'usage', 'applicant', 'contractor', 'responsible person', 'work', 'fees (CNY)', 'paid', 'decision due', 'decided', 'permit', 'passed inspection', 'deposit due', 'violations', 'penalties (CNY)', 'status'],
      rows.map((r: Data) => [
        r.number, chinaTime(r.createdAt), r.unit?.code ?? '', r.unitUsage, r.applicantKind, r.selfBuild ? '自装 (self-build)' : r.contractor?.name, r.contractor?.responsiblePerson ?? '',
        r.workItems.join(' '), yuan(r.totalDueFen), r.feesPaid ? 'yes' : 'no', chinaTime(r.decisionDueBy), chinaTime(r.decidedAt), chinaTime(r.permitIssuedAt),
        r.inspectionPassedOn ?? '', r.depositRefundDueOn ?? '', r.violations.length, yuan(r.violations.reduce((sum: number, v: Data) => sum + v.penaltyFen, 0)), r.status,
      ]),
    ),
};

const renovationDeposits: CsvReport = {
  filename: (p) => `renovation-deposits-${p.get('month')}.csv`,
  variables: (p) => ({ propertyId: required(p, 'propertyId'), month: required(p, 'month') }),
  query: `query RenovationDepositsCsv($propertyId: ID!, $month: String!) { renovationDepositsDue(propertyId: $propertyId, month: $month) { ${RENOVATION_ROW} fees { kind amountFen } } }`,
  render: ({ renovationDepositsDue: rows }) =>
    toCsv(
      ['application', 'unit', 'passed inspection', 'refundable from', 'deposit (CNY)', 'penalties so far (CNY)', 'contractor'],
      rows.map((r: Data) => [
        r.number, r.unit?.code ?? '', r.inspectionPassedOn, r.depositRefundDueOn, yuan(r.fees.find((f: Data) => f.kind === 'DEPOSIT')?.amountFen ?? 0),
        yuan(r.violations.reduce((sum: number, v: Data) => sum + v.penaltyFen, 0)), r.selfBuild ? '自装 (self-build)' : r.contractor?.name,
      ]),
    ),
};

const parkingRegister: CsvReport = {
  filename: (p) => `parking-register-${p.get('month')}.csv`,
  variables: (p) => ({ propertyId: required(p, 'propertyId'), month: required(p, 'month') }),
  query: `query ParkingRegisterCsv($propertyId: ID!, $month: String!) {
    parkingRegister(propertyId: $propertyId, month: $month) {
      paidAt receiptNo amountFen term periodStart periodEnd passCardNo
      lease { plate vehicleModel spaceCode unit { code } holder { name phone } }
    }
  }`,
  render: ({ parkingRegister: rows }) =>
    toCsv(
      ['date', 'holder', 'phone', 'unit', 'vehicle model', 'plate', 'term', 'period', 'card number', 'space', 'amount (CNY)', 'receipt'],
      rows.map((r: Data) => [
        chinaTime(r.paidAt), r.lease?.holder?.name ?? '', r.lease?.holder?.phone ?? '', r.lease?.unit?.code ?? '', r.lease?.vehicleModel ?? '', r.lease?.plate ?? '',
        r.term, `${r.periodStart} – ${r.periodEnd}`, r.passCardNo, r.lease?.spaceCode ?? '', yuan(r.amountFen), r.receiptNo,
      ]),
    ),
};

const surveyReport: CsvReport = {
  filename: (p) => `survey-${p.get('surveyId')}.csv`,
  variables: (p) => ({ surveyId: required(p, 'surveyId') }),
  query: `query SurveyCsv($surveyId: ID!) {
    survey(id: $surveyId) {
      id title opensOn closesOn status distributedCount returnedCount distributionRate returnRate distributionTarget returnTarget overallSatisfactionRate occupiedAtDistribution
      results { category satisfied fairlySatisfied dissatisfied answers satisfactionRate target met }
      rectifications { category department action dueOn status ticket { number status } }
      commonComments(first: 10) { comment category count }
      serviceSatisfaction { kind callbacks satisfactionRate target met }
    }
  }`,
  render: ({ survey: s }) => {
    if (!s) throw AppError.notFound('Survey', 'surveyId');
    const rows: unknown[][] = [
      ['survey', 'title', s.title, ''],
      ['survey', 'window', `${s.opensOn} – ${s.closesOn}`, ''],
      ['survey', 'status', s.status, ''],
      ['returns', 'occupied units', s.occupiedAtDistribution, ''],
      ['returns', 'distributed', s.distributedCount, ''],
      ['returns', 'distribution rate', percent(s.distributionRate), percent(s.distributionTarget)],
      ['returns', 'returned', s.returnedCount, ''],
      ['returns', 'return rate', percent(s.returnRate), percent(s.returnTarget)],
      ...s.results.map((r: Data) => ['category', r.category, `${percent(r.satisfactionRate)} (${r.satisfied} / ${r.fairlySatisfied} / ${r.dissatisfied})`, percent(r.target)]),
      ['overall', 'satisfaction', percent(s.overallSatisfactionRate), ''],
      ...s.rectifications.map((r: Data) => ['rectification', `${r.category} → ${r.department}`, `${r.status}${r.ticket ? ` (${r.ticket.number} ${r.ticket.status})` : ''}, due ${r.dueOn}`, r.action]),
      ...s.commonComments.map((c: Data) => ['comment', c.category, c.comment, c.count]),
      ...s.serviceSatisfaction.map((r: Data) => ['service satisfaction (callbacks)', r.kind, `${percent(r.satisfactionRate)} (${r.callbacks} callbacks)`, percent(r.target)]),
    ];
    return toCsv(['section', 'item', 'value', 'target'], rows);
  },
};

/** The downloadable reports, by path. */
export const CSV_REPORTS: Record<string, CsvReport> = {
  '/reports/survey.csv': surveyReport,
  ...CHART_REPORTS,
  '/reports/ticket-summary.csv': ticketSummary,
  '/reports/complaint-analysis.csv': complaintAnalysis,
  '/reports/complaints.csv': complaintList,
  '/reports/paid-repairs.csv': paidRepairs,
  '/reports/service-satisfaction.csv': serviceSatisfaction,
  '/reports/occupancy.csv': occupancy,
  '/reports/renovations.csv': renovationRegister,
  '/reports/renovation-deposits.csv': renovationDeposits,
  '/reports/parking-register.csv': parkingRegister,
};

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, BAD_USER_INPUT: 400, NOT_FOUND: 404, CONFLICT: 409, METHOD_NOT_ALLOWED: 405 };

function sendError(res: ServerResponse, code: string, message: string, field?: unknown): void {
  res.writeHead(STATUS[code] ?? 500, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ error: { code, message, ...(field ? { field } : {}) } }));
}

/**
 * HTTP routes serving the CSV reports. The caller authenticates as for /graphql; the report's query
 * runs through the federated graph as that caller, so the subgraphs' access rules apply unchanged.
 */
export function csvReportRoutes(
  apollo: ApolloServer<ReportContext>,
  authenticate: (req: IncomingMessage) => Promise<Identity>,
  logger: Logger,
): Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>> {
  return Object.fromEntries(
    Object.entries(CSV_REPORTS).map(([path, report]) => [
      path,
      async (req: IncomingMessage, res: ServerResponse) => {
        try {
          if (req.method !== 'GET') return sendError(res, 'METHOD_NOT_ALLOWED', 'Reports are downloaded with GET');
          const identity = await authenticate(req);
          const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
          const response = await apollo.executeOperation({ query: report.query, variables: report.variables(params) }, { contextValue: { identity } });
          if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
          const { data, errors } = response.body.singleResult;
          if (errors?.length) {
            const [first] = errors;
            return sendError(res, String(first.extensions?.code ?? 'INTERNAL_SERVER_ERROR'), first.message, first.extensions?.field);
          }
          const body = report.render(data as Data, params);
          const filename = report.filename(params).replace(/[^\w.-]/g, '_');
          res.writeHead(200, {
            'content-type': report.contentType ?? 'text/csv; charset=utf-8',
            'content-disposition': report.contentType ? `inline; filename="${filename}"` : `attachment; filename="${filename}"`,
            'cache-control': 'no-store',
            'x-content-type-options': 'nosniff',
          });
          res.end(body);
        } catch (error) {
          if (error instanceof GraphQLError && error.extensions?.code) {
            return sendError(res, String(error.extensions.code), error.message, error.extensions.field);
          }
          logger.error({ err: error, path }, 'report failed');
          sendError(res, 'INTERNAL_SERVER_ERROR', 'The report could not be produced');
        }
      },
    ]),
  );
}
