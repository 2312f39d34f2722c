import { BusinessCalendar } from '@pm/calendar';

import { ticketsEnvironment, type TicketsEnvironment } from '../environment';
import { type ReportTargets } from '../reports/reports.service';
import { TicketKind } from '../ticket/ticket.enums';
import { type SlaSettings } from './sla.rules';

/** The SLA numbers of an environment. */
export function slaSettings(env: TicketsEnvironment): SlaSettings {
  return {
    dispatchMinutes: env.SLA_DISPATCH_MINUTES,
    patrolDispatchMinutes: env.SLA_PATROL_DISPATCH_MINUTES,
    repairResponseMinutes: env.SLA_REPAIR_RESPONSE_MINUTES,
    repairResolutionHours: env.SLA_REPAIR_RESOLUTION_HOURS,
    requestAnswerDays: env.SLA_REQUEST_ANSWER_DAYS,
    complaintMinorWorkdayShare: env.SLA_COMPLAINT_MINOR_WORKDAY_SHARE,
    complaintImportantDays: env.SLA_COMPLAINT_IMPORTANT_DAYS,
    complaintMajorAnswerDays: env.SLA_COMPLAINT_MAJOR_ANSWER_DAYS,
    complaintMajorResolutionDays: env.SLA_COMPLAINT_MAJOR_RESOLUTION_DAYS,
    callbackDays: env.SLA_CALLBACK_DAYS,
  };
}

/**
 * The SLA configuration the resolvers use, set once at start-up from the environment (all the
 * service's instances in one process share it). Per-property calendars come with property settings.
 */
export const slaConfig: { settings?: SlaSettings; calendar: BusinessCalendar; escalation: EscalationSettings; targets: ReportTargets; handover: { largeDefectDays: number } } = {
  calendar: new BusinessCalendar(),
  ...configurationOf(ticketsEnvironment.parse({})),
};

/** Everything slaConfig holds that comes from the environment (its defaults are DOMAIN.md's numbers). */
function configurationOf(env: TicketsEnvironment) {
  return {
    settings: slaSettings(env),
    escalation: escalationSettings(env),
    handover: { largeDefectDays: env.HANDOVER_LARGE_DEFECT_DAYS },
    targets: reportTargets(env),
  };
}

/** Sets the configuration from the service's environment, at start-up. */
export function configureTickets(env: TicketsEnvironment): void {
  Object.assign(slaConfig, configurationOf(env));
}

/** The report targets of an environment. */
export function reportTargets(env: TicketsEnvironment): ReportTargets {
  return {
    callbackRate: env.TARGET_CALLBACK_RATE,
    satisfaction: { [TicketKind.COMPLAINT]: env.TARGET_COMPLAINT_SATISFACTION, [TicketKind.REPAIR]: env.TARGET_REPAIR_SATISFACTION },
  };
}

/** When complaints escalate to MAJOR (DOMAIN.md: 5 residents, 7 days). */
export interface EscalationSettings {
  minComplainants: number;
  unresolvedDays: number;
}

export function escalationSettings(env: TicketsEnvironment): EscalationSettings {
  return { minComplainants: env.COMPLAINT_MAJOR_MIN_COMPLAINANTS, unresolvedDays: env.COMPLAINT_ESCALATE_AFTER_DAYS };
}
