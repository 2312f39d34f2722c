import { type EntityManager } from '@mikro-orm/postgresql';
import { nextDocumentNumber } from '@pm/db';
import { AppError } from '@pm/errors';
import { Events, recordEvent } from '@pm/events';
import { requirePropertyAccess } from '@pm/identity';

import { RenovationErrors } from '../errors';
import { type RenovationUseCase } from '../settings';
import { ResidentDirectoryEntry } from '../units/resident-directory.entity';
import { PropertyDirectoryEntry, UnitDirectoryEntry } from '../units/unit-directory.entity';
import { changeApplication, renovationFacts } from './application.access';
import { FeeSchedule, RenovationApplication } from './application.entity';
import { type DocumentType, RenovationStatus, type RenovationWorkItem, type UndertakingType } from './application.enums';
import { type FeeScheduleInput, type SubmitRenovationInput } from './application.inputs';
import { approvalsNeeded, decisionDueBy, type FeeRates, feesFor, LIVE_STATUSES, requiredDocuments, requiredUndertakings } from './application.rules';

/** The fee schedule a property works by: its own, or the company standard. */
export async function feeRatesOf(em: EntityManager, propertyId: string, standard: FeeRates): Promise<FeeRates> {
  return (await em.findOne(FeeSchedule, { propertyId })) ?? standard;
}

/**
 * 装修申请: registers an application as SUBMITTED with its case (unit usage, property kind, who
 * applies), its fees from the property's schedule and its decision due in 3 working days. One
 * renovation under way per unit.
 */
export async function submitRenovation(ctx: RenovationUseCase, input: SubmitRenovationInput): Promise<RenovationApplication> {
  const { em, identity, clock, settings } = ctx;
  if (!input.selfBuild && !input.contractor) throw AppError.badInput('contractor', 'contractor is required unless the owner builds it themselves (selfBuild)');
  if (input.selfBuild && input.contractor) throw AppError.badInput('contractor', 'a self-build (自装) has no contractor');
  const unit = await em.findOne(UnitDirectoryEntry, { unitId: input.unitId });
  if (!unit) throw AppError.badInput('unitId', `Unit ${input.unitId} is not known to renovation (a unit just added arrives within seconds)`);
  requirePropertyAccess(identity, unit.propertyId);
  if (unit.occupancy === 'NOT_HANDED_OVER') throw AppError.badInput('unitId', `Unit ${unit.code} has not been handed over yet`);
  const applicant = await em.findOne(ResidentDirectoryEntry, { residentId: input.applicantId });
  if (!applicant || applicant.unitId !== unit.unitId || !applicant.active) {
    throw AppError.badInput('applicantId', `Resident ${input.applicantId} is not a current resident of unit ${unit.code}`);
  }
  if (applicant.kind !== 'OWNER' && !input.ownerAuthorised) throw RenovationErrors.applicantNotAuthorised(applicant.kind);
  const live = await em.findOne(RenovationApplication, { unitId: unit.unitId, status: { $in: LIVE_STATUSES } }, { fields: ['number'] });
  if (live) throw RenovationErrors.renovationInProgress(live.number);

  // The checklist and fees depend on the property's kind: never guessed while its event is on the way.
  const property = await em.findOne(PropertyDirectoryEntry, { propertyId: unit.propertyId });
  if (!property) throw AppError.badInput('unitId', `The property of unit ${unit.code} is not known to renovation yet (it arrives within seconds)`);
  const now = clock.now();
  const workItems = [...new Set(input.workItems)];
  const facts = { unitUsage: unit.usage, propertyKind: property.kind, applicantKind: applicant.kind, selfBuild: input.selfBuild, workItems, workerPasses: input.workerPasses };
  const application = em.create(RenovationApplication, {
    ...facts,
    propertyId: unit.propertyId,
    number: await nextDocumentNumber(em, 'renovation_number_seq', 'ZX'),
    unitId: input.unitId,
    applicantId: input.applicantId,
    ownerAuthorised: applicant.kind !== 'OWNER' && input.ownerAuthorised,
    contractor: input.contractor ? { ...input.contractor } : null,
    providedDocuments: [...new Set(input.providedDocuments)],
    signedUndertakings: [...new Set(input.signedUndertakings)],
    fees: feesFor(facts, await feeRatesOf(em, unit.propertyId, settings.fees)),
    decisionDueBy: decisionDueBy(now, settings.decisionWorkingDays, settings.calendar),
    submittedBy: identity.name,
    createdAt: now,
  });
  recordEvent(em, Events.renovationSubmitted, { applicationId: application.id, number: application.number, unitId: application.unitId, applicantId: application.applicantId }, { aggregateId: application.id, actor: identity.sub });
  await em.persistAndFlush(application);
  return application;
}

/** Papers and signed undertakings handed in after submission (补交资料). */
export function provideDocuments(ctx: RenovationUseCase, id: string, documents: DocumentType[], undertakings: UndertakingType[]): Promise<RenovationApplication> {
  if (!documents.length && !undertakings.length) throw AppError.badInput('documents', 'name at least one document or undertaking');
  return changeApplication(ctx, id, 'provideDocuments', (_tx, application) => {
    application.providedDocuments = [...new Set([...application.providedDocuments, ...documents])];
    application.signedUndertakings = [...new Set([...application.signedUndertakings, ...undertakings])];
    return application;
  });
}

/** A government approval (消防报建, 结构, 煤气) the owner obtained, with its reference. */
export function recordGovernmentApproval(ctx: RenovationUseCase, id: string, workItem: RenovationWorkItem, reference: string): Promise<RenovationApplication> {
  return changeApplication(ctx, id, 'recordGovernmentApproval', (_tx, application, now) => {
    if (!approvalsNeeded(application.workItems).includes(workItem)) throw RenovationErrors.notRequired(workItem);
    application.governmentApprovals = [
      ...application.governmentApprovals.filter((a) => a.workItem !== workItem),
      { workItem, reference, recordedAt: now.toISOString(), by: ctx.identity.name },
    ];
    return application;
  });
}

/** What is still missing for approval: documents and unsigned undertakings. */
export function missingPaperwork(application: RenovationApplication): string[] {
  const documents = requiredDocuments(application).filter((d) => !application.providedDocuments.includes(d));
  const undertakings = requiredUndertakings(application).filter((u) => !application.signedUndertakings.includes(u));
  return [...documents, ...undertakings];
}

/** 审批: approved only with every paper and undertaking in, and government approvals for the work that needs them. */
export function approveRenovation(ctx: RenovationUseCase, id: string): Promise<RenovationApplication> {
  return changeApplication(ctx, id, 'decide', (tx, application, now) => {
    const missing = missingPaperwork(application);
    if (missing.length) throw RenovationErrors.missingDocuments(missing);
    const lacking = approvalsNeeded(application.workItems).filter((item) => !application.governmentApprovals.some((a) => a.workItem === item));
    if (lacking.length) throw RenovationErrors.governmentApprovalRequired(lacking);
    decide(tx, ctx, application, RenovationStatus.APPROVED, now);
    return application;
  });
}

/** Returned to the applicant with the reason (a new application is filed once it is put right). */
export function returnRenovation(ctx: RenovationUseCase, id: string, reason: string): Promise<RenovationApplication> {
  return changeApplication(ctx, id, 'decide', (tx, application, now) => {
    application.returnReason = reason;
    decide(tx, ctx, application, RenovationStatus.RETURNED, now);
    return application;
  });
}

function decide(tx: EntityManager, ctx: RenovationUseCase, application: RenovationApplication, to: RenovationStatus.APPROVED | RenovationStatus.RETURNED, now: Date): void {
  application.status = to;
  application.decidedAt = now;
  application.decidedBy = ctx.identity.name;
  recordEvent(tx, Events.renovationDecided, { ...renovationFacts(application), decision: to }, { aggregateId: application.id, actor: ctx.identity.sub });
}

export const totalDueFen = (application: Pick<RenovationApplication, 'fees'>) => application.fees.reduce((sum, fee) => sum + fee.amountFen, 0);

/** The cashier takes the fees: exactly the total due, under a receipt number used once. */
export function recordPayment(ctx: RenovationUseCase, id: string, amountFen: number, receiptNo: string): Promise<RenovationApplication> {
  return changeApplication(ctx, id, 'pay', (_tx, application, now) => {
    if (application.paidAt) throw RenovationErrors.alreadyPaid(application.number);
    const due = totalDueFen(application);
    if (amountFen !== due) throw RenovationErrors.amountMismatch(due, amountFen);
    application.paidFen = amountFen;
    application.paidAt = now;
    application.receiptNo = receiptNo;
    return application;
  });
}

/** A property manager sets the property's own fee schedule (applications already submitted keep theirs). */
export async function setFeeSchedule(ctx: RenovationUseCase, propertyId: string, input: FeeScheduleInput): Promise<FeeSchedule> {
  requirePropertyAccess(ctx.identity, propertyId);
  const schedule = await ctx.em.upsert(FeeSchedule, { propertyId, ...input, updatedBy: ctx.identity.name, updatedAt: ctx.clock.now() });
  return schedule;
}
