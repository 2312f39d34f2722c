import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { newId } from '@pm/db';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

import { Channel, ComplaintCause, ComplaintSeverity, ComplaintValidity, Department, ExtensionStatus, RepairUrgency, TicketKind, TicketStatus } from './ticket.enums';

/** `dueAt` of a ticket with no deadline running (on hold, finished, or none set): after every real one. */
export const NO_DEADLINE = new Date('9999-12-31T00:00:00.000Z');

/** Anything the desk receives: a repair, complaint, request, suggestion, inquiry, patrol finding or rectification. */
/** A request id (OpenTicketInput.requestId) opens one ticket, however often it is sent. */
export const TICKET_REQUEST_ID_KEY = 'ticket_request_id_key';

@Entity({ tableName: 'ticket' })
@Index({ properties: ['propertyId', 'createdAt', 'id'] })
@Index({ properties: ['propertyId', 'status', 'createdAt', 'id'] })
@Index({ properties: ['propertyId', 'kind', 'createdAt', 'id'] })
@Index({ properties: ['propertyId', 'department', 'createdAt', 'id'] })
@Index({ properties: ['propertyId', 'severity', 'createdAt', 'id'] })
@Index({ properties: ['propertyId', 'breached', 'createdAt', 'id'] })
@Index({ properties: ['propertyId', 'dueAt', 'id'] })
@Index({ properties: ['propertyId', 'incidentKey'] })
@Index({ name: 'ticket_next_deadline_idx', expression: 'create index "ticket_next_deadline_idx" on "ticket" ("next_deadline_at") where "next_deadline_at" is not null' })
@Index({ properties: ['unitId', 'createdAt', 'id'] })
@Index({ properties: ['reporterId', 'createdAt', 'id'] })
@Index({ name: 'ticket_patrol_round_idx', expression: 'create index "ticket_patrol_round_idx" on "ticket" ("patrol_round_id") where "patrol_round_id" is not null' })
@Index({ name: 'ticket_paid_idx', expression: 'create index "ticket_paid_idx" on "ticket" ("property_id", "resolved_at") where "fee_fen" > 0' })
@ObjectType('Ticket')
@Directive('@key(fields: "id")')
export class Ticket {
  [OptionalProps]?: 'status' | 'description' | 'unitId' | 'reporterId' | 'urgency' | 'incidentKey' | 'department' | 'assignee' | 'dispatchedAt' | 'resolvedAt' | 'closedAt'
    | 'validity' | 'severity' | 'holdUntil' | 'startedAt' | 'holdStartedAt' | 'pausedMs' | 'nextDeadlineAt' | 'dueAt' | 'slaBreaches' | 'breached' | 'feeFen' | 'resolution' | 'callbackAt' | 'promisedBy' | 'sourceRef' | 'serviceCode' | 'serviceName' | 'quotedFeeFen' | 'materials'
    | 'answer' | 'answeredAt' | 'extendedUntil' | 'cause' | 'remedy' | 'correctiveMeasure' | 'correctionVerifiedBy' | 'correctionVerifiedAt'
    | 'patrolRoundId' | 'location' | 'verificationDueBy' | 'verifiedAt' | 'verifiedBy' | 'verificationOk' | 'verificationNote' | 'contactPhone' | 'appointmentAt' | 'requestId';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @Property({ unique: true })
  @Field()
  number: string;

  @Property({ type: 'uuid' })
  propertyId: string;

  @Enum({ items: () => TicketKind, nativeEnumName: 'ticket_kind' })
  @Field(() => TicketKind)
  kind: TicketKind;

  @Enum({ items: () => Channel, nativeEnumName: 'channel' })
  @Field(() => Channel)
  channel: Channel;

  @Enum({ items: () => TicketStatus, nativeEnumName: 'ticket_status' })
  @Field(() => TicketStatus)
  status: TicketStatus = TicketStatus.NEW;

  @Property()
  @Field()
  title: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  description: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  unitId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  reporterId: string | null = null;

  @Enum({ items: () => RepairUrgency, nativeEnumName: 'repair_urgency', nullable: true })
  @Field(() => RepairUrgency, { nullable: true, description: 'REPAIR only' })
  urgency: RepairUrgency | null = null;

  @Property({ nullable: true })
  @Field(() => String, { nullable: true, description: 'Complaints about the same incident share it' })
  incidentKey: string | null = null;

  @Enum({ items: () => Department, nativeEnumName: 'department', nullable: true })
  @Field(() => Department, { nullable: true })
  department: Department | null = null;

  @Property({ nullable: true })
  @Field(() => String, { nullable: true })
  assignee: string | null = null;

  @Enum({ items: () => ComplaintValidity, nativeEnumName: 'complaint_validity', nullable: true })
  @Field(() => ComplaintValidity, { nullable: true, description: 'COMPLAINT only, set by a supervisor' })
  validity: ComplaintValidity | null = null;

  @Enum({ items: () => ComplaintSeverity, nativeEnumName: 'complaint_severity', nullable: true })
  @Field(() => ComplaintSeverity, { nullable: true, description: 'COMPLAINT only' })
  severity: ComplaintSeverity | null = null;

  /** Complaints: the definite answer given to the resident (明确答复). */
  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Complaints: the definite answer given to the resident (明确答复)' })
  answer: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'Complaints: when the definite answer was given (meets a MAJOR complaint’s answer deadline)' })
  answeredAt: Date | null = null;

  /** The resolution deadline a supervisor or manager approved running over to (超时经批准). */
  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'The resolution deadline approved by a supervisor or manager, replacing the rule’s' })
  extendedUntil: Date | null = null;

  @Enum({ items: () => ComplaintCause, nativeEnumName: 'complaint_cause', nullable: true })
  @Field(() => ComplaintCause, { nullable: true, description: 'Complaints: what it was about, for the weekly analysis' })
  cause: ComplaintCause | null = null;

  /** Corrective-action report (纠正措施报告): what was done for the resident… */
  @Property({ type: 'text', nullable: true })
  remedy: string | null = null;

  /** …what changes so it does not happen again… */
  @Property({ type: 'text', nullable: true })
  correctiveMeasure: string | null = null;

  /** …and who verified it, when. */
  @Property({ nullable: true })
  correctionVerifiedBy: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  correctionVerifiedAt: Date | null = null;

  /** The number the caller gave (personal data: never exposed directly, see ticket-contact.resolver.ts). */
  @Property({ type: 'string', nullable: true })
  contactPhone: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'The visit agreed with the resident (预约时间)' })
  appointmentAt: Date | null = null;

  /** The caller's id for the request that opened it: the same request sent again returns this ticket. */
  @Property({ type: 'uuid', nullable: true })
  @Unique({ name: TICKET_REQUEST_ID_KEY })
  requestId: string | null = null;

  /** Patrol findings: the round that found it (residents' PatrolRound), and where. */
  @Property({ type: 'uuid', nullable: true })
  patrolRoundId: string | null = null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Patrol findings: where (e.g. "2号楼 5F 消防通道")' })
  location: string | null = null;

  /** Patrol findings: verified on site by the end of the next working day after the fix (不超过第2日到现场核实). */
  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'Patrol findings: to be verified on site by then (the end of the next working day after the fix)' })
  verificationDueBy: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true })
  verifiedAt: Date | null = null;

  @Property({ type: 'string', nullable: true })
  @Field(() => String, { nullable: true })
  verifiedBy: string | null = null;

  @Property({ type: 'boolean', nullable: true })
  @Field(() => Boolean, { nullable: true, description: 'Patrol findings: the fix held (false: a follow-up finding was raised)' })
  verificationOk: boolean | null = null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  verificationNote: string | null = null;

  /** A resolution time promised to the resident, replacing the kind's rule (hand-over defects). */
  @Property({ type: 'timestamptz', nullable: true })
  promisedBy: Date | null = null;

  /** What opened it when not the desk, e.g. `handover-defect:<id>`; unique, so a replay never opens it twice. */
  @Property({ type: 'string', nullable: true, unique: true })
  sourceRef: string | null = null;

  /** The earliest deadline not yet met nor reported breached: what the SLA scheduler waits for. */
  @Property({ type: 'timestamptz', nullable: true })
  nextDeadlineAt: Date | null = null;

  /**
   * When the ticket is due: its earliest deadline not yet met, missed ones included (an overdue
   * ticket's is past), or NO_DEADLINE while none runs. What `tickets(orderBy: DUE)` sorts by.
   */
  @Property({ type: 'timestamptz', defaultRaw: `'${NO_DEADLINE.toISOString()}'` })
  dueAt: Date = NO_DEADLINE;

  /** Breaches already published (each exactly once). */
  @Property({ type: 'text[]', defaultRaw: "'{}'" })
  slaBreaches: string[] = [];

  /** Any deadline missed, as published; what `tickets(filter: { breached })` reads. */
  @Property({ type: 'boolean' })
  breached: boolean = false;

  /** First time work started (the repair response). */
  @Property({ type: 'timestamptz', nullable: true })
  startedAt: Date | null = null;

  /** When the current hold began (the SLA clock is paused since). */
  @Property({ type: 'timestamptz', nullable: true })
  holdStartedAt: Date | null = null;

  /** Time spent on hold in finished holds, ms. */
  @Property({ type: 'bigint', nullable: false })
  pausedMs: number = 0;

  /** ON_HOLD until the resident's appointment. */
  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: "ON_HOLD until the resident's appointment" })
  holdUntil: Date | null = null;

  /** Paid repairs (有偿维修): the fee charged, in fen. */
  @Property({ type: 'int', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Paid repairs: the fee charged, in fen' })
  feeFen: number | null = null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'How it was resolved' })
  resolution: string | null = null;

  /** When the callback of the current resolution was made (cleared when a callback reopens the ticket). */
  @Property({ type: 'timestamptz', nullable: true })
  callbackAt: Date | null = null;

  /** 特约服务: the catalogue service a paid repair names, with its name and price as quoted to the resident. */
  @Property({ type: 'string', nullable: true })
  @Field(() => String, { nullable: true, description: 'Paid services (特约服务): the catalogue code' })
  serviceCode: string | null = null;

  @Property({ type: 'string', nullable: true })
  @Field(() => String, { nullable: true, description: 'Paid services: the catalogue name when it was quoted' })
  serviceName: string | null = null;

  @Property({ type: 'int', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Paid repairs: the price quoted to the resident before the work, in fen' })
  quotedFeeFen: number | null = null;

  /** Paid repairs: materials used (有偿维修记录). */
  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Paid repairs: materials used' })
  materials: string | null = null;

  /** Who registered it (user id and name), for the history. */
  @Property()
  openedBy: string;

  @Property({ type: 'timestamptz' })
  @Field(() => Date)
  /** From the service's clock, set by the use case that creates it. */
  createdAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true })
  dispatchedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true })
  resolvedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true })
  closedAt: Date | null = null;
}

/** One step of a ticket's life: who moved it, when, from which status to which, and why. */
@Entity({ tableName: 'ticket_transition' })
@Index({ properties: ['ticketId', 'at'] })
@ObjectType('TicketTransition')
export class TicketTransition {
  [OptionalProps]?: 'from' | 'note';

  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  ticketId: string;

  @Enum({ items: () => TicketStatus, nativeEnumName: 'ticket_status', nullable: true })
  @Field(() => TicketStatus, { nullable: true })
  from: TicketStatus | null = null;

  @Enum({ items: () => TicketStatus, nativeEnumName: 'ticket_status' })
  @Field(() => TicketStatus)
  to: TicketStatus;

  @Property({ type: 'timestamptz' })
  @Field(() => Date)
  /** From the service's clock, set by the use case that records it. */
  at: Date;

  @Property()
  @Field()
  by: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  note: string | null = null;
}

/**
 * A request to run over a ticket's resolution deadline (超时需经批准): asked by the person handling
 * it with a reason and a new deadline, approved or refused by a supervisor or the project manager.
 * Approved, the ticket's SLA and the breach scheduler use the new deadline.
 */
@Entity({ tableName: 'deadline_extension' })
@Index({ properties: ['ticketId', 'requestedAt'] })
@Index({ properties: ['propertyId', 'status', 'requestedAt'] })
@Index({ name: 'deadline_extension_pending_idx', expression: 'create unique index "deadline_extension_pending_idx" on "deadline_extension" ("ticket_id") where "status" = \'PENDING\'' })
@ObjectType('DeadlineExtension', { description: '超时申请: a request to run over a resolution deadline, and its answer' })
export class DeadlineExtension {
  [OptionalProps]?: 'status' | 'decidedBy' | 'decidedAt' | 'decisionNote';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @Property({ type: 'uuid' })
  @Field(() => ID)
  ticketId: string;

  @Property({ type: 'uuid' })
  propertyId: string;

  @Property({ type: 'timestamptz' })
  @Field(() => Date, { description: 'The resolution deadline asked for' })
  until: Date;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'The resolution deadline before the request' })
  previousDeadline: Date | null;

  @Property({ type: 'text' })
  @Field()
  reason: string;

  @Property()
  @Field()
  requestedBy: string;

  @Property({ type: 'timestamptz' })
  @Field(() => Date)
  requestedAt: Date;

  @Enum({ items: () => ExtensionStatus, nativeEnumName: 'extension_status' })
  @Field(() => ExtensionStatus)
  status: ExtensionStatus = ExtensionStatus.PENDING;

  @Property({ nullable: true })
  @Field(() => String, { nullable: true })
  decidedBy: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true })
  decidedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  decisionNote: string | null = null;
}
