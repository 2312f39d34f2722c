import { BusinessCalendar } from '@pm/calendar';
import { type SubgraphContext, type UseCaseContext } from '@pm/subgraph';

import { type TicketsEnvironment } from './environment';
import { type ReportTargets } from './reports/reports.service';
import { type SlaSettings } from './sla/sla.rules';
import { TicketKind } from './ticket/ticket.enums';
import { PropertySettingsStore } from './property/property-settings';
import { type NotifySettings } from './notifications/notify';
import { type EntityManager } from '@mikro-orm/postgresql';

/** When complaints escalate to MAJOR (DOMAIN.md: 5 residents, 7 days). */
export interface EscalationSettings {
  minComplainants: number;
  unresolvedDays: number;
}

/**
 * Every business number the tickets service works by, built once from its environment (whose
 * defaults are DOMAIN.md's) and handed to resolvers, use cases, the scheduler and handlers through
 * the context and the service runtime. Per-property calendars come with property settings.
 */
export interface TicketsSettings {
  sla: SlaSettings;
  calendar: BusinessCalendar;
  escalation: EscalationSettings;
  targets: ReportTargets;
  handover: { largeDefectDays: number };
  notify: NotifySettings;
  /** Each property's own numbers over these (property/property-settings.ts). */
  properties: PropertySettingsStore;
}

/** The settings of an environment. */
export function ticketsSettings(env: TicketsEnvironment): TicketsSettings {
  return Object.freeze({
    sla: {
      dispatchMinutes: env.SLA_DISPATCH_MINUTES,
      patrolDispatchMinutes: env.SLA_PATROL_DISPATCH_MINUTES,
      repairResponseMinutes: env.SLA_REPAIR_RESPONSE_MINUTES,
      repairResolutionHours: env.SLA_REPAIR_RESOLUTION_HOURS,
      requestAnswerDays: env.SLA_REQUEST_ANSWER_DAYS,
      complaintMinorWorkdayShare: env.SLA_COMPLAINT_MINOR_WORKDAY_SHARE,
      complaintImportantDays: env.SLA_COMPLAINT_IMPORTANT_DAYS,
      complaintMajorAnswerDays: env.SLA_COMPLAINT_MAJOR_ANSWER_DAYS,
      complaintMajorResolutionDays: env.SLA_COMPLAINT_MAJOR_RESOLUTION_DAYS,
      complaintUnclassifiedDays: env.SLA_COMPLAINT_UNCLASSIFIED_DAYS,
      patrolVerificationDays: env.SLA_PATROL_VERIFICATION_DAYS,
      callbackDays: env.SLA_CALLBACK_DAYS,
    },
    calendar: new BusinessCalendar(),
    escalation: { minComplainants: env.COMPLAINT_MAJOR_MIN_COMPLAINANTS, unresolvedDays: env.COMPLAINT_ESCALATE_AFTER_DAYS },
    targets: {
      callbackRate: env.TARGET_CALLBACK_RATE,
      satisfaction: { [TicketKind.COMPLAINT]: env.TARGET_COMPLAINT_SATISFACTION, [TicketKind.REPAIR]: env.TARGET_REPAIR_SATISFACTION },
    },
    handover: { largeDefectDays: env.HANDOVER_LARGE_DEFECT_DAYS },
    notify: { emailConfigured: Boolean(env.SMTP_URL), maxAttempts: env.NOTIFY_MAX_ATTEMPTS, maxEventAgeMinutes: env.NOTIFY_MAX_EVENT_AGE_MINUTES },
    properties: new PropertySettingsStore(),
  });
}

/**
 * The settings every rule of a ticket of `propertyId` works by: the company's, with the property's
 * own desk hours, days off, deadlines and targets on top.
 */
export function settingsOf(ctx: { em: EntityManager; settings: TicketsSettings }, propertyId: string): Promise<TicketsSettings> {
  return ctx.settings.properties.of(ctx.em, ctx.settings, propertyId);
}

/** A tickets resolver's context. */
export type TicketsContext = SubgraphContext<TicketsSettings>;

/** What a tickets use case needs: who, in which unit of work, when, by which numbers. */
export type TicketsUseCase = UseCaseContext<TicketsSettings>;
