import { type EntityManager } from '@mikro-orm/postgresql';

import { CALLED_BACK, SlaBreachKind } from '../sla/sla.rules';
import { type BusinessCalendar } from '@pm/calendar';
import { ComplaintCause, ComplaintSeverity, Department, TicketKind, TicketStatus } from '../ticket/ticket.enums';
import { type ComplaintAnalysis, type KindSatisfaction, type PaidRepairReport, type TicketSummary } from './report.types';

/** The satisfaction targets (DOMAIN.md: complaints 90%, repairs 95%, callback rate 100%), as settings. */
export interface ReportTargets {
  callbackRate: number;
  satisfaction: Partial<Record<TicketKind, number>>;
}

const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 10_000) / 10_000 : null);

type Row = Record<string, unknown>;
const n = (value: unknown) => Number(value ?? 0);

async function rows(em: EntityManager, sql: string, params: unknown[]): Promise<Row[]> {
  return em.getConnection().execute(sql, params, 'all', em.getTransactionContext());
}

/** Counts of `column` over the period's tickets, every enum value present (zero when none). */
async function countsBy<K extends string>(em: EntityManager, column: string, values: readonly K[], where: string, params: unknown[], nullable: boolean) {
  const found = await rows(em, `select ${column} as key, count(*)::int as count from ticket where ${where} group by ${column}`, params);
  const counts = new Map(found.map((r) => [r.key as K | null, n(r.count)]));
  const keys: (K | null)[] = [...values, ...(nullable && counts.has(null) ? [null] : [])];
  return keys.map((key) => ({ key, count: counts.get(key) ?? 0 }));
}

/**
 * The weekly ticket summary: what was received in [from, to) and where it stands now; the callbacks
 * made in the period and how satisfied residents were. One pass over the period's rows per grouping,
 * each served by the (property_id, created_at) index.
 */
export async function ticketSummary(em: EntityManager, propertyId: string, from: Date, to: Date, targets: ReportTargets): Promise<TicketSummary> {
  const where = 'property_id = ? and created_at >= ? and created_at < ?';
  const params = [propertyId, from, to];
  const [byKind, byStatus, byDepartment, bySeverity] = await Promise.all([
    countsBy(em, 'kind', Object.values(TicketKind), where, params, false),
    countsBy(em, 'status', Object.values(TicketStatus), where, params, false),
    countsBy(em, 'department', Object.values(Department), where, params, true),
    countsBy(em, 'severity', Object.values(ComplaintSeverity), `${where} and kind = 'COMPLAINT'`, params, true),
  ]);
  const calledBackKinds = [...CALLED_BACK];
  // Enum constants, not input: safe to write into the statement.
  const kindList = calledBackKinds.map((kind) => `'${kind}'`).join(', ');
  const [totals] = await rows(em, `
    select count(*)::int as total,
           count(*) filter (where breached)::int as breached,
           count(*) filter (where kind in (${kindList}) and (resolved_at is not null or exists (select 1 from ticket_callback c where c.ticket_id = t.id)))::int as due,
           count(*) filter (where kind in (${kindList}) and exists (select 1 from ticket_callback c where c.ticket_id = t.id))::int as called_back
      from ticket t where ${where}`, params);
  const breaches = await rows(em, `select b as kind, count(*)::int as count from ticket, unnest(sla_breaches) b where ${where} group by b`, params);
  const breachCounts = new Map(breaches.map((r) => [r.kind as string, n(r.count)]));
  const callbacks = await rows(em, `
    select kind, satisfaction, count(*)::int as count from ticket_callback
     where property_id = ? and at >= ? and at < ? group by kind, satisfaction`, params);
  const sum = (match: (r: Row) => boolean) => callbacks.filter(match).reduce((acc, r) => acc + n(r.count), 0);
  const satisfied = sum((r) => r.satisfaction === 'SATISFIED');
  const fairly = sum((r) => r.satisfaction === 'FAIRLY_SATISFIED');
  const dissatisfied = sum((r) => r.satisfaction === 'DISSATISFIED');
  return {
    propertyId, from, to,
    total: n(totals.total),
    byKind: byKind.map(({ key, count }) => ({ kind: key!, count })),
    byStatus: byStatus.map(({ key, count }) => ({ status: key!, count })),
    byDepartment: byDepartment.map(({ key, count }) => ({ department: key, count })),
    bySeverity: bySeverity.map(({ key, count }) => ({ severity: key, count })),
    breaches: n(totals.breached),
    breachesByKind: Object.values(SlaBreachKind).map((kind) => ({ kind, count: breachCounts.get(kind) ?? 0 })),
    callbacksDue: n(totals.due),
    calledBack: n(totals.called_back),
    callbackRate: rate(n(totals.called_back), n(totals.due)),
    callbackRateTarget: targets.callbackRate,
    callbacks: satisfied + fairly + dissatisfied,
    satisfied,
    fairlySatisfied: fairly,
    dissatisfied,
    satisfactionRate: rate(satisfied + fairly, satisfied + fairly + dissatisfied),
    satisfactionByKind: calledBackKinds.map((kind): KindSatisfaction => {
      const made = sum((r) => r.kind === kind);
      const satisfactionRate = rate(sum((r) => r.kind === kind && r.satisfaction !== 'DISSATISFIED'), made);
      const target = targets.satisfaction[kind] ?? null;
      return { kind, callbacks: made, satisfactionRate, target, met: target === null || satisfactionRate === null ? null : satisfactionRate >= target };
    }),
  };
}

/** The monthly paid-repair report: every ticket resolved in the (local) month with a fee. */
export async function paidRepairReport(em: EntityManager, propertyId: string, month: string, calendar: BusinessCalendar): Promise<PaidRepairReport> {
  const { from, to } = calendar.monthRange(month);
  const lines = await rows(em, `
    select id, number, kind, title, unit_id, resolved_at, service_code, service_name, quoted_fee_fen, fee_fen, materials, assignee
      from ticket where property_id = ? and fee_fen > 0 and resolved_at >= ? and resolved_at < ?
     order by resolved_at, id`, [propertyId, from, to]);
  const byService = new Map<string, { serviceCode: string | null; serviceName: string | null; count: number; totalFeeFen: number }>();
  for (const line of lines) {
    const key = String(line.service_code ?? '');
    const total = byService.get(key) ?? { serviceCode: (line.service_code as string) ?? null, serviceName: (line.service_name as string) ?? null, count: 0, totalFeeFen: 0 };
    total.count += 1;
    total.totalFeeFen += n(line.fee_fen);
    byService.set(key, total);
  }
  return {
    propertyId, month,
    count: lines.length,
    totalFeeFen: lines.reduce((acc, line) => acc + n(line.fee_fen), 0),
    byService: [...byService.values()].sort((a, b) => (a.serviceCode ?? '~').localeCompare(b.serviceCode ?? '~', 'en', { numeric: true })),
    lines: lines.map((line) => ({
      ticketId: line.id as string, number: line.number as string, kind: line.kind as TicketKind, title: line.title as string,
      unit: line.unit_id ? { id: line.unit_id as string } : null, resolvedAt: new Date(line.resolved_at as string),
      serviceCode: (line.service_code as string) ?? null, serviceName: (line.service_name as string) ?? null,
      quotedFeeFen: line.quoted_fee_fen === null ? null : n(line.quoted_fee_fen), feeFen: n(line.fee_fen),
      materials: (line.materials as string) ?? null, assignee: (line.assignee as string) ?? null,
    })),
  };
}

const date = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string));

/**
 * The weekly complaint analysis (投诉分析): the complaints received in [from, to) — by cause, severity
 * and department, the incidents and units that complained more than once, how many were answered,
 * solved, breached, extended and corrected — and each complaint as a line. Served by the
 * (property_id, kind, created_at) index.
 */
export async function complaintAnalysis(em: EntityManager, propertyId: string, from: Date, to: Date): Promise<ComplaintAnalysis> {
  const where = "property_id = ? and kind = 'COMPLAINT' and created_at >= ? and created_at < ?";
  const params = [propertyId, from, to];
  const [byCause, bySeverity, byDepartment, lines, incidents, extensions] = await Promise.all([
    countsBy(em, 'cause', Object.values(ComplaintCause), where, params, true),
    countsBy(em, 'severity', Object.values(ComplaintSeverity), where, params, true),
    countsBy(em, 'department', Object.values(Department), where, params, true),
    rows(em, `select id, number, created_at, unit_id, title, status, severity, cause, department, validity, answered_at, resolved_at, closed_at, breached,
                     corrective_measure, correction_verified_by
                from ticket where ${where} order by created_at, id`, params),
    rows(em, `select incident_key, count(*)::int as complaints, min(created_at) as first_at from ticket
               where ${where} and incident_key is not null group by incident_key having count(*) > 1 order by complaints desc, incident_key`, params),
    rows(em, `select count(*)::int as requested, count(*) filter (where e.status = 'APPROVED')::int as approved
                from deadline_extension e join ticket t on t.id = e.ticket_id
               where t.property_id = ? and t.kind = 'COMPLAINT' and t.created_at >= ? and t.created_at < ?`, params),
  ]);
  const perUnit = new Map<string, number>();
  for (const line of lines) if (line.unit_id) perUnit.set(line.unit_id as string, (perUnit.get(line.unit_id as string) ?? 0) + 1);
  const count = (match: (line: Row) => boolean) => lines.filter(match).length;
  return {
    propertyId, from, to,
    total: lines.length,
    valid: count((l) => l.validity === 'VALID'),
    invalid: count((l) => l.validity === 'INVALID'),
    byCause: byCause.map(({ key, count: c }) => ({ cause: key, count: c })),
    bySeverity: bySeverity.map(({ key, count: c }) => ({ severity: key, count: c })),
    byDepartment: byDepartment.map(({ key, count: c }) => ({ department: key, count: c })),
    repeatIncidents: incidents.map((r) => ({ incidentKey: r.incident_key as string, complaints: n(r.complaints), firstAt: new Date(r.first_at as string) })),
    repeatUnits: [...perUnit].filter(([, c]) => c > 1).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id, c]) => ({ unit: { id }, complaints: c })),
    answered: count((l) => l.answered_at !== null),
    resolved: count((l) => l.resolved_at !== null || l.status === TicketStatus.CLOSED),
    breached: count((l) => Boolean(l.breached)),
    extensionsRequested: n(extensions[0]?.requested),
    extensionsApproved: n(extensions[0]?.approved),
    correctiveActions: count((l) => l.corrective_measure !== null),
    correctionsVerified: count((l) => l.correction_verified_by !== null),
    lines: lines.map((l) => ({
      ticketId: l.id as string, number: l.number as string, createdAt: new Date(l.created_at as string), unit: l.unit_id ? { id: l.unit_id as string } : null,
      title: l.title as string, status: l.status as TicketStatus, severity: (l.severity as ComplaintSeverity) ?? null, cause: (l.cause as ComplaintCause) ?? null,
      department: (l.department as Department) ?? null, answeredAt: date(l.answered_at), resolvedAt: date(l.resolved_at), breached: Boolean(l.breached),
      correctiveMeasure: (l.corrective_measure as string) ?? null, verifiedBy: (l.correction_verified_by as string) ?? null,
    })),
  };
}
