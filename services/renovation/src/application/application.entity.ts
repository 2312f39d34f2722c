import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '@pm/db';
import { DateScalar, Department } from '@pm/graphql';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

import { DocumentType, FeeKind, RenovationStatus, RenovationWorkItem, UndertakingType, ViolationSeverity } from './application.enums';

/** The contractor doing the work (none for self-build, 自装). */
@ObjectType('Contractor')
export class Contractor {
  @Field()
  name: string;

  @Field()
  licenseNo: string;

  @Field()
  responsiblePerson: string;

  @Field()
  phone: string;
}

@ObjectType('Fee', { description: 'One line of the fees the cashier collects, fen' })
export class Fee {
  @Field(() => FeeKind)
  kind: FeeKind;

  @Field(() => Int)
  amountFen: number;
}

/** A government approval obtained for fire-system, structural or gas work. */
export interface ObtainedApproval {
  workItem: RenovationWorkItem;
  reference: string;
  recordedAt: string;
  by: string;
}

/** 押金退还: the refund as recorded, with its figures and signatures. */
@ObjectType('DepositRefund')
export class DepositRefund {
  @Field(() => Int)
  depositFen: number;

  @Field(() => Int, { description: 'Violation penalties recorded during the works' })
  penaltiesFen: number;

  @Field(() => Int, { description: 'Damage to common areas or neighbours' })
  damageFen: number;

  @Field(() => Int, { description: 'Unpaid utilities and other charges' })
  unpaidChargesFen: number;

  @Field(() => Int, { description: 'Paid back (never negative)' })
  refundFen: number;

  @Field(() => Int, { description: 'A shortfall the owner still owes (deductions beyond the deposit)' })
  owedFen: number;

  @Field({ description: 'The contractor asked for the refund (the owner then consents)' })
  requestedByContractor: boolean;

  @Field()
  ownerConsent: boolean;

  @Field()
  ownerSigned: boolean;

  @Field()
  contractorSigned: boolean;

  @Field()
  managerSigned: boolean;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => Date)
  refundedAt: Date;

  @Field()
  by: string;
}

/** A renovation application (装修申请) and its whole life: decision, fees, permit, works, completion, deposit. */
@Entity({ tableName: 'renovation_application' })
@Index({ properties: ['unitId', 'createdAt'] })
@Index({ properties: ['status', 'createdAt', 'id'] })
@Index({ properties: ['propertyId', 'status', 'createdAt', 'id'] })
@Index({ properties: ['propertyId', 'createdAt'] })
@Index({ properties: ['propertyId', 'depositRefundDueOn'] })
@Index({ name: 'renovation_application_decision_due_index', expression: 'create index "renovation_application_decision_due_index" on "renovation_application" ("decision_due_by") where "status" = \'SUBMITTED\' and "decision_overdue_at" is null' })
@Index({ name: 'renovation_application_one_live_per_unit', expression: `create unique index "renovation_application_one_live_per_unit" on "renovation_application" ("unit_id") where "status" in ('SUBMITTED', 'APPROVED', 'PROTECTION_CONFIRMED', 'PERMIT_ISSUED', 'IN_PROGRESS', 'COMPLETION_REQUESTED', 'INSPECTION_FAILED')` })
@ObjectType('RenovationApplication')
@Directive('@key(fields: "id")')
export class RenovationApplication {
  [OptionalProps]?: 'status' | 'contractor' | 'workerPasses' | 'signedUndertakings' | 'governmentApprovals' | 'paidFen' | 'paidAt' | 'receiptNo' | 'decidedAt' | 'decidedBy'
    | 'returnReason' | 'decisionOverdueAt' | 'protectionConfirmedAt' | 'protectionConfirmedBy' | 'permitIssuedAt' | 'permitValidUntil' | 'emergencyPhone'
    | 'inspectionsCheckedThrough' | 'completionRequestedAt' | 'completionInspectedAt' | 'completionIssues' | 'inspectionPassedOn' | 'depositRefundDueOn' | 'refund'
    | 'ownerAuthorised';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @Property({ unique: true })
  @Field()
  number: string;

  @Property({ type: 'uuid' })
  unitId: string;

  /** Null only for applications filed before renovation knew their unit (filled in when it learns it). */
  @Property({ type: 'uuid', nullable: true })
  propertyId: string | null;

  @Property({ type: 'uuid' })
  applicantId: string;

  /** The case the paperwork is computed from, as known at submission. */
  @Property({ default: 'HOME' })
  @Field({ description: 'HOME, OFFICE or SHOP, when it was submitted' })
  unitUsage: string;

  @Property({ default: 'RESIDENTIAL' })
  @Field({ description: "The property's kind when it was submitted" })
  propertyKind: string;

  @Property({ default: 'OWNER' })
  @Field({ description: 'OWNER, TENANT, HOUSEHOLD_MEMBER or COMPANY' })
  applicantKind: string;

  @Property({ default: false })
  @Field({ description: "Someone other than the owner applies with the owner's power of attorney" })
  ownerAuthorised: boolean = false;

  @Enum({ items: () => RenovationStatus, nativeEnumName: 'renovation_status' })
  @Field(() => RenovationStatus)
  status: RenovationStatus = RenovationStatus.SUBMITTED;

  @Enum({ items: () => RenovationWorkItem, array: true, nativeEnumName: 'renovation_work_item' })
  @Field(() => [RenovationWorkItem])
  workItems: RenovationWorkItem[];

  @Property()
  @Field()
  selfBuild: boolean;

  @Property({ type: 'json', nullable: true })
  @Field(() => Contractor, { nullable: true })
  contractor: Contractor | null = null;

  @Enum({ items: () => DocumentType, array: true, nativeEnumName: 'document_type' })
  @Field(() => [DocumentType])
  providedDocuments: DocumentType[];

  @Enum({ items: () => UndertakingType, array: true, nativeEnumName: 'undertaking_type', default: '{}' })
  signedUndertakings: UndertakingType[] = [];

  @Property({ type: 'json', default: '[]' })
  governmentApprovals: ObtainedApproval[] = [];

  @Property({ default: 0 })
  @Field(() => Int, { description: 'Worker passes (出入证) asked for and charged' })
  workerPasses: number = 0;

  /** The fee lines computed at submission from the property's schedule. */
  @Property({ type: 'json', default: '[]' })
  @Field(() => [Fee])
  fees: Fee[];

  @Property({ type: 'int', nullable: true })
  paidFen: number | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true })
  paidAt: Date | null = null;

  @Property({ type: 'string', nullable: true, unique: 'renovation_application_receipt_no_unique' })
  @Field(() => String, { nullable: true, description: 'The cashier’s receipt number' })
  receiptNo: string | null = null;

  @Property({ type: 'timestamptz' })
  @Field(() => Date, { description: 'Approved or returned by then: 3 working days after submission' })
  decisionDueBy: Date;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true })
  decidedAt: Date | null = null;

  @Property({ type: 'string', nullable: true })
  @Field(() => String, { nullable: true })
  decidedBy: string | null = null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Why it was returned' })
  returnReason: string | null = null;

  /** When the scheduler flagged (and published) the decision as overdue; once. */
  @Property({ type: 'timestamptz', nullable: true })
  decisionOverdueAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'Engineering confirmed the site protection (现场保护)' })
  protectionConfirmedAt: Date | null = null;

  @Property({ type: 'string', nullable: true })
  @Field(() => String, { nullable: true })
  protectionConfirmedBy: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: '施工许可证 issued' })
  permitIssuedAt: Date | null = null;

  @Property({ type: 'date', nullable: true })
  @Field(() => DateScalar, { nullable: true })
  permitValidUntil: string | null = null;

  /** On the permit: whom workers call in an emergency (the contractor's responsible person). */
  @Property({ type: 'string', nullable: true })
  emergencyPhone: string | null = null;

  /** The last local date the scheduler checked for missing inspections. */
  @Property({ type: 'date', nullable: true })
  inspectionsCheckedThrough: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true })
  completionRequestedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true })
  completionInspectedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'What the completion inspection found to fix' })
  completionIssues: string | null = null;

  @Property({ type: 'date', nullable: true })
  @Field(() => DateScalar, { nullable: true, description: 'The completion inspection passed on' })
  inspectionPassedOn: string | null = null;

  @Property({ type: 'date', nullable: true })
  @Field(() => DateScalar, { nullable: true, description: 'The deposit may be refunded from this date: 3 months after the passed inspection (OFFICE: 15 days)' })
  depositRefundDueOn: string | null = null;

  @Property({ type: 'json', nullable: true })
  @Field(() => DepositRefund, { nullable: true })
  refund: DepositRefund | null = null;

  /** Who registered it at the desk. */
  @Property()
  submittedBy: string;

  @Property({ type: 'timestamptz' })
  @Field(() => Date, { description: 'When it was submitted' })
  /** From the service's clock. */
  createdAt: Date;
}

/** 出入证: a worker's pass, registered with the permit (装修工人出入证办理表). */
@Entity({ tableName: 'renovation_worker' })
@ObjectType('WorkerPass')
export class WorkerPass {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid', index: true })
  applicationId: string;

  @Property()
  @Field()
  name: string;

  @Property()
  @Field({ description: 'Masked (4201**********1234) except for a project manager' })
  idNumber: string;

  @Property({ unique: true })
  @Field()
  passNo: string;

  @Property({ type: 'date' })
  @Field(() => DateScalar)
  validUntil: string;
}

/** One department's daily walk of a site (巡视记录). */
@Entity({ tableName: 'renovation_inspection' })
@Index({ properties: ['applicationId', 'date'] })
@ObjectType('RenovationInspection')
export class RenovationInspection {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  applicationId: string;

  @Enum({ items: () => Department, nativeEnumName: 'department' })
  @Field(() => Department)
  department: Department;

  /** The local date of the walk. */
  @Property({ type: 'date' })
  @Field(() => DateScalar)
  date: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  findings: string | null;

  @Property()
  @Field()
  by: string;

  @Property({ type: 'timestamptz' })
  @Field(() => Date)
  at: Date;
}

/** A violation found on site (违章), with its notice and penalty. */
@Entity({ tableName: 'renovation_violation' })
@ObjectType('RenovationViolation')
export class RenovationViolation {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @Property({ type: 'uuid', index: true })
  applicationId: string;

  @Enum({ items: () => ViolationSeverity, nativeEnumName: 'violation_severity' })
  @Field(() => ViolationSeverity)
  severity: ViolationSeverity;

  @Property({ type: 'text' })
  @Field()
  description: string;

  @Property()
  @Field(() => Int, { description: 'Penalty per the management agreement (违约金), deducted from the deposit' })
  penaltyFen: number;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'SERIOUS: when the owner was phoned (first)' })
  ownerNotifiedAt: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'SERIOUS: when the contractor was told (after the owner)' })
  contractorNotifiedAt: Date | null;

  @Property()
  @Field()
  ownerSigned: boolean;

  @Property()
  @Field()
  contractorSigned: boolean;

  @Property()
  @Field()
  recordedBy: string;

  @Property({ type: 'timestamptz' })
  @Field(() => Date)
  at: Date;
}

/** 动火审批: hot work allowed in a time window. */
@Entity({ tableName: 'renovation_hot_work_permit' })
@ObjectType('HotWorkPermit')
export class HotWorkPermit {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @Property({ type: 'uuid', index: true })
  applicationId: string;

  @Property({ type: 'timestamptz', name: 'from_at' })
  @Field(() => Date)
  from: Date;

  @Property({ type: 'timestamptz', name: 'until_at' })
  @Field(() => Date)
  until: Date;

  @Property()
  @Field({ description: 'Where on site (e.g. kitchen)' })
  location: string;

  @Property({ type: 'string', nullable: true })
  @Field(() => String, { nullable: true, description: 'Who keeps the fire watch' })
  fireWatch: string | null;

  @Property()
  @Field()
  approvedBy: string;

  @Property({ type: 'timestamptz' })
  approvedAt: Date;
}

/** A property's own renovation fee schedule (收费标准), fen; without one the company standard applies. */
@Entity({ tableName: 'renovation_fee_schedule' })
@ObjectType('RenovationFeeSchedule')
export class FeeSchedule {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  propertyId: string;

  @Property() @Field(() => Int) depositFen: number;
  @Property() @Field(() => Int) debrisRemovalFen: number;
  @Property() @Field(() => Int) workerPassFen: number;
  @Property() @Field(() => Int) airConditioningChangeFen: number;
  @Property() @Field(() => Int) fireWaterDrainFen: number;
  @Property() @Field(() => Int) fireLinkageFen: number;

  @Property()
  updatedBy: string;

  @Property({ type: 'timestamptz' })
  updatedAt: Date;
}
