import { isMonth } from '@pm/calendar';
import { findForRead } from '@pm/db';
import { AppError } from '@pm/errors';
import { connectionOf, PageArgs, paginate } from '@pm/graphql';
import { maskIdNumber, maskPhone, mayUnmask, requireReader, requireRole, Role } from '@pm/identity';
import { groupBy } from '@pm/subgraph';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';

import { ResidentRef, UnitRef } from '../federation/references';
import { type RenovationContext } from '../settings';
import { Contractor, FeeSchedule, HotWorkPermit, RenovationApplication, RenovationInspection, RenovationViolation, WorkerPass } from './application.entity';
import { DocumentType, RenovationStatus, RenovationWorkItem, UndertakingType } from './application.enums';
import { FeeScheduleInput, SubmitRenovationInput } from './application.inputs';
import { applicationsSubmittedIn, depositsDueBy } from './application.queries';
import { approvalsNeeded, GOVERNMENT_APPROVALS, inspectionGaps, lastJudgedDay, requiredDocuments, requiredUndertakings } from './application.rules';
import { approveRenovation, feeRatesOf, provideDocuments, recordGovernmentApproval, recordPayment, returnRenovation, setFeeSchedule, submitRenovation, totalDueFen } from './application.service';
import { DocumentRequirement, GovernmentApproval, InspectionGapView, UndertakingRequirement } from './application.types';

const RenovationApplicationConnection = connectionOf(RenovationApplication, 'RenovationApplication');
const READERS = [Role.FRONT_DESK, Role.ENGINEER, Role.SECURITY, Role.CASHIER];

@ArgsType()
class RenovationsArgs extends PageArgs {
  @Field(() => ID)
  propertyId: string;

  @Field(() => RenovationStatus, { nullable: true })
  status?: RenovationStatus;
}

function monthArg(month: string): string {
  if (!isMonth(month)) throw AppError.badInput('month', 'month must be YYYY-MM');
  return month;
}

/** A personal phone or ID number: masked unless the caller may see it, and an unmasked read is logged. */
function reveal(ctx: RenovationContext, value: string, field: string, mask: (v: string) => string): string {
  if (!mayUnmask(ctx.identity)) return mask(value);
  ctx.logger.info({ audit: 'pii_read', field, by: ctx.identity.sub }, 'unmasked personal data read');
  return value;
}

/** Records of an application loaded for every application of the request at once. */
function recordsOf<T extends { applicationId: string }>(ctx: RenovationContext, key: string, load: (ids: string[]) => Promise<T[]>) {
  return ctx.loader<string, T[]>(key, async (ids) => groupBy(ids, await load([...ids]), (r) => r.applicationId));
}

// Reads are checked by the access policy (READ_POLICY.RenovationApplication) wherever an application is reached.
@Resolver(() => RenovationApplication)
export class RenovationResolver {
  @Query(() => RenovationApplication, { nullable: true })
  renovation(@Arg('id', () => ID) id: string, @Ctx() ctx: RenovationContext): Promise<RenovationApplication | null> {
    return ctx.em.findOne(RenovationApplication, id);
  }

  @Query(() => RenovationApplicationConnection, { description: "A property's applications, newest first" })
  renovations(@Args() args: RenovationsArgs, @Ctx() ctx: RenovationContext) {
    requireReader(ctx.identity, args.propertyId, 'renovation', READERS, 'renovation applications');
    return paginate(ctx.em, RenovationApplication, { propertyId: args.propertyId, ...(args.status ? { status: args.status } : {}) }, args, [['createdAt', 'desc'], ['id', 'desc']]);
  }

  @Query(() => [RenovationApplication], { description: '装修办理报表: applications submitted in a month (YYYY-MM), oldest first' })
  renovationRegister(@Arg('propertyId', () => ID) propertyId: string, @Arg('month') month: string, @Ctx() ctx: RenovationContext): Promise<RenovationApplication[]> {
    requireReader(ctx.identity, propertyId, 'renovation', READERS, 'the renovation register');
    return applicationsSubmittedIn(ctx.em, propertyId, monthArg(month), ctx.settings.calendar);
  }

  @Query(() => [RenovationApplication], { description: 'Deposits refundable by the end of a month (YYYY-MM) and not yet refunded, soonest first' })
  renovationDepositsDue(@Arg('propertyId', () => ID) propertyId: string, @Arg('month') month: string, @Ctx() ctx: RenovationContext): Promise<RenovationApplication[]> {
    requireReader(ctx.identity, propertyId, 'renovation', READERS, 'renovation deposits');
    return depositsDueBy(ctx.em, propertyId, monthArg(month));
  }

  @Query(() => FeeSchedule, { description: "A property's renovation fees (its own, or the company standard)" })
  async renovationFeeSchedule(@Arg('propertyId', () => ID) propertyId: string, @Ctx() ctx: RenovationContext): Promise<FeeSchedule> {
    requireReader(ctx.identity, propertyId, 'renovation', READERS, 'renovation fees');
    const rates = await feeRatesOf(ctx.em, propertyId, ctx.settings.fees);
    return Object.assign(new FeeSchedule(), { propertyId, ...rates });
  }

  @Mutation(() => RenovationApplication, { description: '装修申请: register an application' })
  submitRenovation(@Arg('input') input: SubmitRenovationInput, @Ctx() ctx: RenovationContext): Promise<RenovationApplication> {
    if (ctx.identity.kind === 'resident') {
      if (!(ctx.identity.unitIds ?? []).includes(input.unitId)) throw AppError.forbidden('Residents apply for their own units only');
    } else requireRole(ctx.identity, [Role.FRONT_DESK], 'register renovation applications');
    return submitRenovation(ctx, input);
  }

  @Mutation(() => RenovationApplication, { description: '补交资料: papers handed in or undertakings signed after submission' })
  provideRenovationDocuments(
    @Arg('id', () => ID) id: string,
    @Arg('documents', () => [DocumentType], { defaultValue: [] }) documents: DocumentType[],
    @Arg('undertakings', () => [UndertakingType], { defaultValue: [] }) undertakings: UndertakingType[],
    @Ctx() ctx: RenovationContext,
  ): Promise<RenovationApplication> {
    requireRole(ctx.identity, [Role.FRONT_DESK], 'take renovation documents');
    return provideDocuments(ctx, id, documents, undertakings);
  }

  @Mutation(() => RenovationApplication, { description: 'A government approval the owner obtained for fire-system, structural or gas work' })
  recordRenovationGovernmentApproval(
    @Arg('id', () => ID) id: string,
    @Arg('workItem', () => RenovationWorkItem) workItem: RenovationWorkItem,
    @Arg('reference') reference: string,
    @Ctx() ctx: RenovationContext,
  ): Promise<RenovationApplication> {
    requireRole(ctx.identity, [Role.FRONT_DESK], 'record government approvals');
    return recordGovernmentApproval(ctx, id, workItem, reference);
  }

  @Mutation(() => RenovationApplication, { description: 'CONFLICT MISSING_DOCUMENTS (listing them) or GOVERNMENT_APPROVAL_REQUIRED until the paperwork is complete' })
  approveRenovation(@Arg('id', () => ID) id: string, @Ctx() ctx: RenovationContext): Promise<RenovationApplication> {
    requireRole(ctx.identity, [Role.PROJECT_MANAGER, Role.SUPERVISOR], 'approve renovations');
    return approveRenovation(ctx, id);
  }

  @Mutation(() => RenovationApplication)
  returnRenovation(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: RenovationContext): Promise<RenovationApplication> {
    requireRole(ctx.identity, [Role.PROJECT_MANAGER, Role.SUPERVISOR], 'return renovations');
    return returnRenovation(ctx, id, reason);
  }

  @Mutation(() => RenovationApplication, { description: 'The cashier takes the fees: amountFen must equal totalDueFen (CONFLICT AMOUNT_MISMATCH)' })
  recordRenovationPayment(
    @Arg('id', () => ID) id: string,
    @Arg('amountFen', () => Int) amountFen: number,
    @Arg('receiptNo') receiptNo: string,
    @Ctx() ctx: RenovationContext,
  ): Promise<RenovationApplication> {
    requireRole(ctx.identity, [Role.CASHIER], 'take renovation fees');
    return recordPayment(ctx, id, amountFen, receiptNo);
  }

  @Mutation(() => FeeSchedule, { description: "Sets a property's renovation fees (applications already submitted keep theirs)" })
  async setRenovationFeeSchedule(@Arg('propertyId', () => ID) propertyId: string, @Arg('input') input: FeeScheduleInput, @Ctx() ctx: RenovationContext): Promise<FeeSchedule> {
    requireRole(ctx.identity, [Role.PROJECT_MANAGER], 'set renovation fees');
    return setFeeSchedule(ctx, propertyId, input);
  }

  @FieldResolver(() => UnitRef)
  unit(@Root() application: RenovationApplication): UnitRef {
    return { id: application.unitId };
  }

  @FieldResolver(() => ResidentRef)
  applicant(@Root() application: RenovationApplication): ResidentRef {
    return { id: application.applicantId };
  }

  @FieldResolver(() => [DocumentRequirement], { description: 'The papers this case needs (computed from unit usage, property kind, applicant and contractor), each with whether it is in' })
  requiredDocuments(@Root() application: RenovationApplication): DocumentRequirement[] {
    return requiredDocuments(application).map((type) => ({ type, provided: application.providedDocuments.includes(type) }));
  }

  @FieldResolver(() => [UndertakingRequirement], { description: 'The undertakings to sign, each with whether it is signed' })
  undertakings(@Root() application: RenovationApplication): UndertakingRequirement[] {
    return requiredUndertakings(application).map((type) => ({ type, signed: application.signedUndertakings.includes(type) }));
  }

  @FieldResolver(() => [GovernmentApproval], { description: 'Fire-system, structural and gas work needs a government approval first' })
  governmentApprovals(@Root() application: RenovationApplication): GovernmentApproval[] {
    return approvalsNeeded(application.workItems).map((workItem) => {
      const obtained = application.governmentApprovals.find((a) => a.workItem === workItem);
      return { workItem, authority: GOVERNMENT_APPROVALS[workItem]!, obtained: Boolean(obtained), reference: obtained?.reference ?? null };
    });
  }

  @FieldResolver(() => Int, { description: 'The sum of the fees, fen' })
  totalDueFen(@Root() application: RenovationApplication): number {
    return totalDueFen(application);
  }

  @FieldResolver(() => Boolean)
  feesPaid(@Root() application: RenovationApplication): boolean {
    return application.paidAt !== null;
  }

  @FieldResolver(() => Boolean, { description: 'Still undecided after its decision was due' })
  decisionOverdue(@Root() application: RenovationApplication, @Ctx() ctx: RenovationContext): boolean {
    return application.status === RenovationStatus.SUBMITTED && application.decisionDueBy <= ctx.clock.now();
  }

  @FieldResolver(() => String, { nullable: true, description: "On the permit: the contractor's emergency phone, masked except for a project manager" })
  emergencyPhone(@Root() application: RenovationApplication, @Ctx() ctx: RenovationContext): string | null {
    return application.emergencyPhone && reveal(ctx, application.emergencyPhone, 'RenovationApplication.emergencyPhone', maskPhone);
  }

  @FieldResolver(() => [WorkerPass], { description: 'Worker passes (出入证) registered with the permit' })
  workers(@Root() application: RenovationApplication, @Ctx() ctx: RenovationContext): Promise<WorkerPass[]> {
    return recordsOf(ctx, 'workers', (ids) => ctx.em.find(WorkerPass, { applicationId: { $in: ids } }, { orderBy: { passNo: 'asc' } })).load(application.id);
  }

  @FieldResolver(() => [RenovationInspection], { description: 'Daily inspections, newest first' })
  inspections(@Root() application: RenovationApplication, @Ctx() ctx: RenovationContext): Promise<RenovationInspection[]> {
    return recordsOf(ctx, 'inspections', (ids) => ctx.em.find(RenovationInspection, { applicationId: { $in: ids } }, { orderBy: { at: 'desc', id: 'asc' } })).load(application.id);
  }

  @FieldResolver(() => [InspectionGapView], { description: 'Working days of the works (up to the last the desk has closed) without all three daily inspections' })
  async inspectionGaps(@Root() application: RenovationApplication, @Ctx() ctx: RenovationContext): Promise<InspectionGapView[]> {
    if (!application.permitIssuedAt) return [];
    const { calendar } = ctx.settings;
    const underWay = application.status === RenovationStatus.PERMIT_ISSUED || application.status === RenovationStatus.IN_PROGRESS;
    const last = underWay || !application.completionRequestedAt ? lastJudgedDay(ctx.clock.now(), calendar) : calendar.localDate(application.completionRequestedAt);
    const inspections = await this.inspections(application, ctx);
    return inspectionGaps(calendar.localDate(application.permitIssuedAt), last, inspections, calendar);
  }

  @FieldResolver(() => [RenovationViolation])
  violations(@Root() application: RenovationApplication, @Ctx() ctx: RenovationContext): Promise<RenovationViolation[]> {
    return recordsOf(ctx, 'violations', (ids) => ctx.em.find(RenovationViolation, { applicationId: { $in: ids } }, { orderBy: { at: 'asc', id: 'asc' } })).load(application.id);
  }

  @FieldResolver(() => [HotWorkPermit], { description: '动火 permits' })
  hotWorkPermits(@Root() application: RenovationApplication, @Ctx() ctx: RenovationContext): Promise<HotWorkPermit[]> {
    return recordsOf(ctx, 'hotWork', (ids) => ctx.em.find(HotWorkPermit, { applicationId: { $in: ids } }, { orderBy: { from: 'asc' } })).load(application.id);
  }
}

@Resolver(() => Contractor)
export class ContractorResolver {
  @FieldResolver(() => String, { description: "The responsible person's phone: masked (139****0000) except for a project manager" })
  phone(@Root() contractor: Contractor, @Ctx() ctx: RenovationContext): string {
    return reveal(ctx, contractor.phone, 'Contractor.phone', maskPhone);
  }
}

@Resolver(() => WorkerPass)
export class WorkerPassResolver {
  @FieldResolver(() => String, { description: 'Masked (4201**********1234) except for a project manager' })
  idNumber(@Root() worker: WorkerPass, @Ctx() ctx: RenovationContext): string {
    return reveal(ctx, worker.idNumber, 'WorkerPass.idNumber', maskIdNumber);
  }
}

@Resolver(() => UnitRef)
export class UnitRenovationsResolver {
  @FieldResolver(() => [RenovationApplication], { description: "The unit's renovation applications, newest first" })
  renovations(@Root() unit: UnitRef, @Ctx() ctx: RenovationContext): Promise<RenovationApplication[]> {
    return ctx
      .loader<string, RenovationApplication[]>('renovationsByUnit', async (ids) => {
        const found = await findForRead(ctx.em, RenovationApplication, { unitId: { $in: [...ids] } }, { orderBy: { createdAt: 'desc', id: 'desc' } });
        return groupBy(ids, found, (a) => a.unitId);
      })
      .load(unit.id);
  }
}
