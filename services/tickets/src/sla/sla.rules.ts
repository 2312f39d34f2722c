import { type BusinessCalendar } from '@pm/calendar';

import { ComplaintSeverity, type ComplaintValidity, RepairUrgency, TicketKind, TicketStatus } from '../ticket/ticket.enums';

/** The SLA numbers (DOMAIN.md defaults, from the environment). */
export interface SlaSettings {
  dispatchMinutes: number;
  patrolDispatchMinutes: number;
  repairResponseMinutes: number;
  repairResolutionHours: number;
  requestAnswerDays: number;
  complaintMinorWorkdayShare: number;
  complaintImportantDays: number;
  complaintMajorAnswerDays: number;
  complaintMajorResolutionDays: number;
  /** Complaints not yet classified: solved within this many working days. */
  complaintUnclassifiedDays: number;
  /** Patrol findings: a fix verified on site by the end of this many working days after it. */
  patrolVerificationDays: number;
  callbackDays: number;
}

export enum SlaBreachKind {
  DISPATCH = 'DISPATCH',
  RESPONSE = 'RESPONSE',
  RESOLUTION = 'RESOLUTION',
  CALLBACK = 'CALLBACK',
}

/** What the SLA of a ticket depends on. */
export interface SlaFacts {
  kind: TicketKind;
  status: TicketStatus;
  urgency: RepairUrgency | null;
  severity: ComplaintSeverity | null;
  /** Complaints: VALID or INVALID once a supervisor classified it. */
  validity?: ComplaintValidity | null;
  /** Complaints: when the definite answer (明确答复) was given — what meets a MAJOR complaint's answer deadline. */
  answeredAt?: Date | null;
  /** A resolution deadline a supervisor or manager approved running over to (超时经批准). */
  extendedUntil?: Date | null;
  createdAt: Date;
  dispatchedAt: Date | null;
  startedAt: Date | null;
  resolvedAt: Date | null;
  callbackAt: Date | null;
  closedAt: Date | null;
  /** Time spent ON_HOLD so far, finished holds only. */
  pausedMs: number;
  /** When the current hold began, if ON_HOLD. */
  holdStartedAt: Date | null;
  /** A resolution time promised to the resident (e.g. a hand-over defect's), replacing the kind's rule. */
  promisedBy?: Date | null;
}

export interface Sla {
  dispatchBy: Date | null;
  respondBy: Date | null;
  resolveBy: Date | null;
  callbackBy: Date | null;
  breaches: SlaBreachKind[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Kinds that get a callback (回访) after resolution. */
export const CALLED_BACK: ReadonlySet<TicketKind> = new Set([TicketKind.REPAIR, TicketKind.COMPLAINT, TicketKind.REQUEST, TicketKind.SUGGESTION]);

/** Deadlines measured from reception, before any pause. */
function baseDeadlines(facts: SlaFacts, s: SlaSettings, calendar: BusinessCalendar) {
  const received = facts.createdAt;
  const emergency = facts.kind === TicketKind.REPAIR && facts.urgency === RepairUrgency.EMERGENCY;
  const dispatchMinutes = facts.kind === TicketKind.PATROL_FINDING ? s.patrolDispatchMinutes : s.dispatchMinutes;
  const dispatchBy = emergency ? new Date(received.getTime() + dispatchMinutes * MINUTE) : calendar.addWorkingTime(received, dispatchMinutes);
  let respondBy: Date | null = null;
  let resolveBy: Date | null = null;
  switch (facts.kind) {
    case TicketKind.REPAIR:
      respondBy = emergency ? new Date(received.getTime() + s.repairResponseMinutes * MINUTE) : calendar.addWorkingTime(received, s.repairResponseMinutes);
      resolveBy = emergency
        ? new Date(received.getTime() + s.repairResolutionHours * HOUR)
        : calendar.addWorkingDays(received, Math.max(1, Math.round(s.repairResolutionHours / 24)));
      break;
    case TicketKind.REQUEST:
    case TicketKind.SUGGESTION:
      resolveBy = calendar.addWorkingDays(received, s.requestAnswerDays);
      break;
    case TicketKind.COMPLAINT:
      // Until a supervisor classifies it, a complaint is to be solved within its own limit.
      if (!facts.severity && !facts.validity) resolveBy = calendar.addWorkingDays(received, s.complaintUnclassifiedDays);
      if (facts.severity === ComplaintSeverity.MINOR) resolveBy = calendar.addWorkingTime(received, Math.round(calendar.workdayMinutes * s.complaintMinorWorkdayShare));
      if (facts.severity === ComplaintSeverity.IMPORTANT) resolveBy = calendar.addWorkingDays(received, s.complaintImportantDays);
      if (facts.severity === ComplaintSeverity.MAJOR) {
        respondBy = calendar.addWorkingDays(received, s.complaintMajorAnswerDays);
        resolveBy = calendar.addWorkingDays(received, s.complaintMajorResolutionDays);
      }
      break;
    default:
      break;
  }
  return { dispatchBy, respondBy, resolveBy };
}

/** What meets the response deadline: a complaint's definite answer (or solving it), any other ticket's start of work. */
export function respondedAt(facts: Pick<SlaFacts, 'kind' | 'answeredAt' | 'startedAt' | 'resolvedAt' | 'closedAt'>): Date | null {
  const done = facts.resolvedAt ?? facts.closedAt;
  return facts.kind === TicketKind.COMPLAINT ? (facts.answeredAt ?? done) : (facts.startedAt ?? done);
}

const late = (deadline: Date | null, doneAt: Date | null, now: Date) => Boolean(deadline && (doneAt ?? now) > deadline);

/**
 * A ticket's deadlines and which have been missed. ON_HOLD pauses the clock: time on hold pushes the
 * response and resolution deadlines back. The callback is due `callbackDays` working days after resolution.
 */
export function computeSla(facts: SlaFacts, settings: SlaSettings, calendar: BusinessCalendar, now: Date): Sla {
  const base = baseDeadlines(facts, settings, calendar);
  const paused = facts.pausedMs + (facts.status === TicketStatus.ON_HOLD && facts.holdStartedAt ? Math.max(0, now.getTime() - facts.holdStartedAt.getTime()) : 0);
  const shift = (deadline: Date | null) => (deadline && paused ? new Date(deadline.getTime() + paused) : deadline);
  const respondBy = facts.startedAt && base.respondBy && facts.startedAt <= base.respondBy ? base.respondBy : shift(base.respondBy);
  // An approved extension is a date agreed with the supervisor: it replaces the rule and is not shifted.
  const resolveBy = facts.extendedUntil ?? shift(facts.promisedBy ?? base.resolveBy);
  const callbackBy = CALLED_BACK.has(facts.kind) && facts.resolvedAt ? calendar.addWorkingDays(facts.resolvedAt, settings.callbackDays) : null;
  const rejected = facts.status === TicketStatus.REJECTED;
  // Dispatch is met by dispatching, or by solving it on the spot (resolved or rejected straight from NEW).
  const dispatchedOrDone = facts.dispatchedAt ?? facts.resolvedAt ?? facts.closedAt;
  const responded = respondedAt(facts);
  const breaches: SlaBreachKind[] = [];
  if (late(base.dispatchBy, dispatchedOrDone, now)) breaches.push(SlaBreachKind.DISPATCH);
  if (!rejected && late(respondBy, responded, now)) breaches.push(SlaBreachKind.RESPONSE);
  if (!rejected && late(resolveBy, facts.resolvedAt ?? facts.closedAt, now)) breaches.push(SlaBreachKind.RESOLUTION);
  if (late(callbackBy, facts.callbackAt, now)) breaches.push(SlaBreachKind.CALLBACK);
  return { dispatchBy: base.dispatchBy, respondBy, resolveBy, callbackBy, breaches };
}
