import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

import { SlaBreachKind } from '../sla/sla.rules';
import { ComplaintCause, ComplaintSeverity, Department, TicketKind, TicketStatus } from '../ticket/ticket.enums';
import { UnitRef } from '../federation/references';

@ObjectType()
export class TicketKindCount {
  @Field(() => TicketKind) kind: TicketKind;
  @Field(() => Int) count: number;
}

@ObjectType()
export class TicketStatusCount {
  @Field(() => TicketStatus) status: TicketStatus;
  @Field(() => Int) count: number;
}

@ObjectType({ description: 'department null: not dispatched' })
export class TicketDepartmentCount {
  @Field(() => Department, { nullable: true }) department: Department | null;
  @Field(() => Int) count: number;
}

@ObjectType({ description: 'Complaints by severity; severity null: not yet classified, or INVALID' })
export class ComplaintSeverityCount {
  @Field(() => ComplaintSeverity, { nullable: true }) severity: ComplaintSeverity | null;
  @Field(() => Int) count: number;
}

@ObjectType()
export class SlaBreachCount {
  @Field(() => SlaBreachKind) kind: SlaBreachKind;
  @Field(() => Int) count: number;
}

@ObjectType({ description: 'Callbacks of one ticket kind, with its satisfaction target where DOMAIN.md sets one' })
export class KindSatisfaction {
  @Field(() => TicketKind) kind: TicketKind;
  @Field(() => Int) callbacks: number;
  @Field(() => Float, { nullable: true, description: '(SATISFIED + FAIRLY_SATISFIED) / callbacks; null without callbacks' }) satisfactionRate: number | null;
  @Field(() => Float, { nullable: true }) target: number | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether the target is met; null without a target or callbacks' }) met: boolean | null;
}

@ObjectType({
  description: 'The weekly ticket summary (周报): tickets received in [from, to) by kind, status, department and severity; their breaches and callbacks; satisfaction of the callbacks made in [from, to)',
})
export class TicketSummary {
  @Field(() => ID) propertyId: string;
  @Field(() => Date) from: Date;
  @Field(() => Date) to: Date;
  @Field(() => Int, { description: 'Tickets received in the period' }) total: number;
  @Field(() => [TicketKindCount]) byKind: TicketKindCount[];
  @Field(() => [TicketStatusCount], { description: 'Current status of the tickets received in the period' }) byStatus: TicketStatusCount[];
  @Field(() => [TicketDepartmentCount]) byDepartment: TicketDepartmentCount[];
  @Field(() => [ComplaintSeverityCount]) bySeverity: ComplaintSeverityCount[];
  @Field(() => Int, { description: 'Tickets with at least one missed deadline' }) breaches: number;
  @Field(() => [SlaBreachCount], { description: 'Missed deadlines by kind' }) breachesByKind: SlaBreachCount[];
  @Field(() => Int, { description: 'Resolved tickets of the kinds that are called back' }) callbacksDue: number;
  @Field(() => Int, { description: 'Of those, called back' }) calledBack: number;
  @Field(() => Float, { nullable: true, description: 'calledBack / callbacksDue; null when none was due' }) callbackRate: number | null;
  @Field(() => Float) callbackRateTarget: number;
  @Field(() => Int, { description: 'Callbacks made in the period' }) callbacks: number;
  @Field(() => Int) satisfied: number;
  @Field(() => Int) fairlySatisfied: number;
  @Field(() => Int) dissatisfied: number;
  @Field(() => Float, { nullable: true, description: '(SATISFIED + FAIRLY_SATISFIED) / callbacks; null without callbacks' }) satisfactionRate: number | null;
  @Field(() => [KindSatisfaction]) satisfactionByKind: KindSatisfaction[];
}

@ObjectType({ description: 'One paid repair (有偿维修) in the monthly fee report' })
export class PaidRepairLine {
  @Field(() => ID) ticketId: string;
  @Field() number: string;
  @Field(() => TicketKind) kind: TicketKind;
  @Field() title: string;
  @Field(() => UnitRef, { nullable: true }) unit: UnitRef | null;
  @Field(() => Date) resolvedAt: Date;
  @Field(() => String, { nullable: true }) serviceCode: string | null;
  @Field(() => String, { nullable: true }) serviceName: string | null;
  @Field(() => Int, { nullable: true }) quotedFeeFen: number | null;
  @Field(() => Int) feeFen: number;
  @Field(() => String, { nullable: true }) materials: string | null;
  @Field(() => String, { nullable: true }) assignee: string | null;
}

@ObjectType()
export class ServiceTotal {
  @Field(() => String, { nullable: true, description: 'null: repairs without a catalogue item' }) serviceCode: string | null;
  @Field(() => String, { nullable: true }) serviceName: string | null;
  @Field(() => Int) count: number;
  @Field(() => Int) totalFeeFen: number;
}

@ObjectType({ description: 'The monthly paid-repair fee report (有偿维修月报): tickets resolved in the month with a fee' })
export class PaidRepairReport {
  @Field(() => ID) propertyId: string;
  @Field({ description: 'YYYY-MM, local time' }) month: string;
  @Field(() => Int) count: number;
  @Field(() => Int) totalFeeFen: number;
  @Field(() => [ServiceTotal]) byService: ServiceTotal[];
  @Field(() => [PaidRepairLine], { description: 'Oldest first' }) lines: PaidRepairLine[];
}

@ObjectType({ description: 'Complaints by cause; cause null: not yet recorded' })
export class ComplaintCauseCount {
  @Field(() => ComplaintCause, { nullable: true }) cause: ComplaintCause | null;
  @Field(() => Int) count: number;
}

@ObjectType({ description: 'Complaints about one incident (their shared incidentKey)' })
export class RepeatIncident {
  @Field() incidentKey: string;
  @Field(() => Int) complaints: number;
  @Field(() => Date) firstAt: Date;
}

@ObjectType({ description: 'A unit that complained more than once in the period' })
export class RepeatUnit {
  @Field(() => UnitRef) unit: UnitRef;
  @Field(() => Int) complaints: number;
}

@ObjectType({ description: 'One complaint of the period, as the analysis lists it' })
export class ComplaintLine {
  @Field(() => ID) ticketId: string;
  @Field() number: string;
  @Field(() => Date) createdAt: Date;
  @Field(() => UnitRef, { nullable: true }) unit: UnitRef | null;
  @Field() title: string;
  @Field(() => TicketStatus) status: TicketStatus;
  @Field(() => ComplaintSeverity, { nullable: true }) severity: ComplaintSeverity | null;
  @Field(() => ComplaintCause, { nullable: true }) cause: ComplaintCause | null;
  @Field(() => Department, { nullable: true }) department: Department | null;
  @Field(() => Date, { nullable: true }) answeredAt: Date | null;
  @Field(() => Date, { nullable: true }) resolvedAt: Date | null;
  @Field() breached: boolean;
  @Field(() => String, { nullable: true, description: 'The corrective measure, once recorded' }) correctiveMeasure: string | null;
  @Field(() => String, { nullable: true }) verifiedBy: string | null;
}

@ObjectType({
  description: 'The weekly complaint analysis (投诉分析): complaints received in [from, to) by cause, severity and department; repeat incidents and units; answers, breaches, extensions and corrective actions',
})
export class ComplaintAnalysis {
  @Field(() => ID) propertyId: string;
  @Field(() => Date) from: Date;
  @Field(() => Date) to: Date;
  @Field(() => Int) total: number;
  @Field(() => Int, { description: 'Classified VALID' }) valid: number;
  @Field(() => Int, { description: 'Classified INVALID' }) invalid: number;
  @Field(() => [ComplaintCauseCount]) byCause: ComplaintCauseCount[];
  @Field(() => [ComplaintSeverityCount]) bySeverity: ComplaintSeverityCount[];
  @Field(() => [TicketDepartmentCount]) byDepartment: TicketDepartmentCount[];
  @Field(() => [RepeatIncident], { description: 'Incidents complained about more than once, most first' }) repeatIncidents: RepeatIncident[];
  @Field(() => [RepeatUnit], { description: 'Units that complained more than once, most first' }) repeatUnits: RepeatUnit[];
  @Field(() => Int, { description: 'Given a definite answer' }) answered: number;
  @Field(() => Int, { description: 'Resolved or closed' }) resolved: number;
  @Field(() => Int, { description: 'With at least one missed deadline' }) breached: number;
  @Field(() => Int, { description: 'Deadline extensions asked for' }) extensionsRequested: number;
  @Field(() => Int, { description: 'Of those, approved' }) extensionsApproved: number;
  @Field(() => Int, { description: 'With a corrective-action report' }) correctiveActions: number;
  @Field(() => Int, { description: 'Of those, verified' }) correctionsVerified: number;
  @Field(() => [ComplaintLine], { description: 'Every complaint of the period, oldest first' }) lines: ComplaintLine[];
}
