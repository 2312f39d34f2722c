import { z } from 'zod';

/** One kind of domain event: its type (`<service>.<aggregate>.<event>`), version and payload schema. */
export interface EventDefinition<P extends z.ZodTypeAny = z.ZodTypeAny> {
  type: string;
  version: number;
  /** NATS subject: `pm.<service>.<aggregate>.<event>`. */
  subject: string;
  source: string;
  payload: P;
}

export type PayloadOf<D extends EventDefinition> = z.infer<D['payload']>;

/** Declares an event; a payload change bumps `version`. */
export function defineEvent<P extends z.ZodTypeAny>(service: string, aggregate: string, name: string, version: number, payload: P): EventDefinition<P> {
  const type = `${service}.${aggregate}.${name}`;
  return { type, version, subject: `pm.${type}`, source: service, payload };
}

const id = z.string().uuid();

/** Ticket kinds (tickets owns them; surveys and boards read them): declared once, here. */
export const TICKET_KINDS = ['REPAIR', 'COMPLAINT', 'REQUEST', 'SUGGESTION', 'INQUIRY', 'PATROL_FINDING', 'RECTIFICATION'] as const;
export type TicketKindValue = (typeof TICKET_KINDS)[number];

/** A callback's answer (回访满意度), as surveys tallies it. */
export const SATISFACTION_LEVELS = ['SATISFIED', 'FAIRLY_SATISFIED', 'DISSATISFIED'] as const;

/** What every ticket event after opening carries, so boards can filter and check access on the event alone. */
const ticketFacts = z.object({
  ticketId: id, number: z.string(), propertyId: id, kind: z.enum(TICKET_KINDS), status: z.string(),
  unitId: id.nullable(), reporterId: id.nullable(), department: z.string().nullable(), severity: z.string().nullable(),
});

/** What every renovation event after submission carries. */
const renovationFacts = { applicationId: id, number: z.string(), unitId: id, propertyId: id };

/**
 * The catalogue: every event the platform publishes, declared once. Payloads carry ids and states,
 * never personal data (no phone or ID numbers).
 */
export const Events = {
  propertyCreated: defineEvent('residents', 'property', 'created', 1, z.object({ propertyId: id, name: z.string(), kind: z.string() })),
  buildingAdded: defineEvent('residents', 'building', 'added', 1, z.object({ buildingId: id, propertyId: id, name: z.string() })),
  unitAdded: defineEvent('residents', 'unit', 'added', 1, z.object({ unitId: id, propertyId: id, buildingId: id, code: z.string(), usage: z.string(), occupancy: z.string() })),
  /** 房屋动态: a unit's occupancy changed, through a workflow or a supervisor's audited correction. */
  unitOccupancyChanged: defineEvent('residents', 'unit', 'occupancy_changed', 1, z.object({
    unitId: id, propertyId: id, buildingId: id, from: z.string(), to: z.string(),
    reason: z.enum(['HANDOVER', 'MOVE_IN', 'MOVE_OUT', 'RENOVATION', 'CORRECTION', 'IMPORT']),
  })),
  /** 入伙: the joint inspection and hand-over of a unit, accepted or not. */
  unitHandedOver: defineEvent('residents', 'unit', 'handed_over', 1, z.object({
    handoverId: id, unitId: id, propertyId: id, accepted: z.boolean(), ownerId: id.nullable(), defects: z.number().int(),
  })),
  /** A defect found at the hand-over inspection (验房): tickets opens a repair for it. No personal data. */
  handoverDefectReported: defineEvent('residents', 'handover', 'defect_reported', 1, z.object({
    defectId: id, handoverId: id, unitId: id, propertyId: id, ownerId: id.nullable(), description: z.string(), large: z.boolean(), reportedAt: z.string(),
  })),
  residentMovedIn: defineEvent('residents', 'resident', 'moved_in', 1, z.object({ residentId: id, unitId: id, propertyId: id, kind: z.string(), at: z.string() })),
  /** A residency ended: parking terminates the resident's leases, read-models drop them. */
  residentMovedOut: defineEvent('residents', 'resident', 'moved_out', 1, z.object({ residentId: id, unitId: id, propertyId: id, kind: z.string(), at: z.string() })),
  /** A resident's contact details changed: which fields, never their values. */
  residentContactChanged: defineEvent('residents', 'resident', 'contact_changed', 1, z.object({ residentId: id, unitId: id, propertyId: id, fields: z.array(z.string()) })),
  residentRegistered: defineEvent('residents', 'resident', 'registered', 1, z.object({ residentId: id, unitId: id, propertyId: id, kind: z.string(), active: z.boolean() })),
  ticketOpened: defineEvent('tickets', 'ticket', 'opened', 1, z.object({
    ticketId: id, number: z.string(), propertyId: id, kind: z.enum(TICKET_KINDS), channel: z.string(), status: z.string(),
    unitId: id.nullable(), reporterId: id.nullable(), urgency: z.string().nullable(),
    /** What opened it on another service's behalf (`rectification:<id>`, `visit:<id>`…); absent in events before it was added. */
    sourceRef: z.string().nullable().optional(),
  })),
  ticketStatusChanged: defineEvent('tickets', 'ticket', 'status_changed', 1, ticketFacts.extend({ from: z.string().nullable(), note: z.string().nullable() })),
  /** A complaint's definite answer (明确答复) was given to the resident. */
  ticketAnswered: defineEvent('tickets', 'ticket', 'answered', 1, ticketFacts.extend({ at: z.string() })),
  /** Someone handling the ticket asked to run over its resolution deadline; a supervisor or the manager decides. */
  ticketExtensionRequested: defineEvent('tickets', 'ticket', 'extension_requested', 1, ticketFacts.extend({ extensionId: id, until: z.string() })),
  /** A supervisor or the manager approved a new resolution deadline. */
  ticketDeadlineExtended: defineEvent('tickets', 'ticket', 'deadline_extended', 1, ticketFacts.extend({ extensionId: id, until: z.string(), previousDeadline: z.string().nullable() })),
  /** A property's own satisfaction targets changed (tickets' per-property settings); null: the company's. */
  propertyTargetsChanged: defineEvent('tickets', 'property', 'targets_changed', 1, z.object({
    propertyId: id, complaintSatisfaction: z.number().nullable(), repairSatisfaction: z.number().nullable(), callbackRate: z.number().nullable(),
  })),
  ticketClassified: defineEvent('tickets', 'ticket', 'classified', 1, ticketFacts.extend({ validity: z.string() })),
  ticketCallbackRecorded: defineEvent('tickets', 'ticket', 'callback_recorded', 1, ticketFacts.extend({
    satisfaction: z.enum(SATISFACTION_LEVELS), resolved: z.boolean(), at: z.string(),
    /** Made after the callback deadline (optional: absent in events recorded before it was added). */
    late: z.boolean().optional(),
  })),
  ticketSlaBreached: defineEvent('tickets', 'ticket', 'sla_breached', 1, ticketFacts.extend({
    breach: z.enum(['DISPATCH', 'RESPONSE', 'RESOLUTION', 'CALLBACK']), deadline: z.string(),
  })),
  /** For the supervisor: a MAJOR or IMPORTANT complaint (reported immediately), with why. */
  ticketEscalated: defineEvent('tickets', 'ticket', 'escalated', 1, ticketFacts.extend({
    reason: z.enum(['CLASSIFIED', 'MANY_COMPLAINANTS', 'UNRESOLVED_TOO_LONG']),
  })),
  renovationSubmitted: defineEvent('renovation', 'application', 'submitted', 1, z.object({ applicationId: id, number: z.string(), unitId: id, applicantId: id })),
  /** Approved or returned (decision due within 3 working days of submission). */
  renovationDecided: defineEvent('renovation', 'application', 'decided', 1, z.object({ ...renovationFacts, decision: z.enum(['APPROVED', 'RETURNED']) })),
  /** For the supervisor: an application still undecided at its due time (published once). */
  renovationDecisionOverdue: defineEvent('renovation', 'application', 'decision_overdue', 1, z.object({ ...renovationFacts, decisionDueBy: z.string() })),
  /** 施工许可证: works may start; residents marks the unit UNDER_RENOVATION. */
  renovationPermitIssued: defineEvent('renovation', 'application', 'permit_issued', 1, z.object({ ...renovationFacts, validUntil: z.string() })),
  /** For the supervisor: a working day of the works without all three daily inspections (published once per day). */
  renovationInspectionGaps: defineEvent('renovation', 'application', 'inspection_gaps', 1, z.object({ ...renovationFacts, date: z.string(), missing: z.array(z.string()) })),
  /** A violation found on site; a SERIOUS one opens a ticket for the supervisor. */
  renovationViolationRecorded: defineEvent('renovation', 'violation', 'recorded', 1, z.object({
    ...renovationFacts, violationId: id, applicantId: id, severity: z.enum(['MINOR', 'SERIOUS']), description: z.string(), penaltyFen: z.number().int(), at: z.string(),
  })),
  /** 竣工验收: passed (residents restores the unit's occupancy; the deposit refund is due later) or failed. */
  renovationCompletionInspected: defineEvent('renovation', 'application', 'completion_inspected', 1, z.object({ ...renovationFacts, passed: z.boolean() })),
  renovationDepositRefunded: defineEvent('renovation', 'application', 'deposit_refunded', 1, z.object({ ...renovationFacts, refundFen: z.number().int(), owedFen: z.number().int() })),
  parkingLotCreated: defineEvent('parking', 'lot', 'created', 1, z.object({ lotId: id, propertyId: id, capacity: z.number().int() })),
  parkingLeaseApplied: defineEvent('parking', 'lease', 'applied', 1, z.object({ leaseId: id, lotId: id, unitId: id, holderId: id, status: z.string() })),
  parkingLeaseTerminated: defineEvent('parking', 'lease', 'terminated', 1, z.object({ leaseId: id, lotId: id, unitId: id, holderId: id, from: z.string(), reason: z.string() })),
  /** A freed space offered to the first waiting household: pay by `offerExpiresAt` or it passes on. */
  parkingLeaseOffered: defineEvent('parking', 'lease', 'offered', 1, z.object({ leaseId: id, lotId: id, unitId: id, holderId: id, propertyId: id, offerExpiresAt: z.string() })),
  /** Rent paid: a new lease active (space and pass card assigned) or a renewal extending its term. */
  parkingLeasePaid: defineEvent('parking', 'lease', 'paid', 1, z.object({
    leaseId: id, lotId: id, unitId: id, holderId: id, propertyId: id, spaceCode: z.string(), passCardNo: z.string(), startsOn: z.string(), endsOn: z.string(), renewal: z.boolean(), amountFen: z.number().int(),
  })),
  /** The reminder, a week before the end of a term (once per term). */
  parkingLeaseExpiring: defineEvent('parking', 'lease', 'expiring', 1, z.object({ leaseId: id, lotId: id, unitId: id, holderId: id, propertyId: id, endsOn: z.string() })),
  /** The term ended unrenewed: the space is freed for the waiting list. */
  parkingLeaseExpired: defineEvent('parking', 'lease', 'expired', 1, z.object({ leaseId: id, lotId: id, unitId: id, holderId: id, propertyId: id, endsOn: z.string() })),
  surveyCreated: defineEvent('surveys', 'survey', 'created', 1, z.object({ surveyId: id, propertyId: id, opensOn: z.string(), closesOn: z.string() })),
  surveyDistributed: defineEvent('surveys', 'survey', 'distributed', 1, z.object({ surveyId: id, propertyId: id, distributed: z.number().int(), occupiedUnits: z.number().int() })),
  surveyClosed: defineEvent('surveys', 'survey', 'closed', 1, z.object({ surveyId: id, propertyId: id, returned: z.number().int(), overallSatisfactionRate: z.number().nullable() })),
  /** A category below target after a survey: tickets opens a RECTIFICATION for the department. */
  rectificationCreated: defineEvent('surveys', 'rectification', 'created', 1, z.object({
    rectificationId: id, surveyId: id, propertyId: id, category: z.string(), department: z.string(), satisfactionRate: z.number(), action: z.string(), dueOn: z.string(),
  })),
  /** A visit's feedback needs action: tickets opens a REQUEST for it. */
  visitActionNeeded: defineEvent('surveys', 'visit', 'action_needed', 1, z.object({ visitId: id, propertyId: id, unitId: id, residentId: id.nullable(), topics: z.string(), at: z.string() })),
} as const;

/** Definitions by type, for consumers validating what they receive. */
export const catalogue = new Map<string, EventDefinition>(Object.values(Events).map((d) => [d.type, d]));
