import { AppError } from '@pm/errors';
import { DateScalar, Department, PHONE_MESSAGE, PHONE_PATTERN } from '@pm/graphql';
import { requireRole, Role } from '@pm/identity';
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';

import { HotWorkPermit, RenovationApplication } from '../application/application.entity';
import { HotWorkInput, RefundInput, ViolationInput, WorkerInput } from '../application/application.inputs';
import { type RenovationContext } from '../settings';
import {
  confirmSiteProtection, issueHotWorkPermit, issuePermit, recordCompletionInspection, recordInspection, recordViolation, refundDeposit, requestCompletion,
} from './works.service';

/** The works after approval: protection, permit, daily inspections, violations, completion, deposit. */
@Resolver()
export class RenovationWorksResolver {
  @Mutation(() => RenovationApplication, { description: '现场保护: engineering confirms the site protection' })
  confirmSiteProtection(@Arg('id', () => ID) id: string, @Ctx() ctx: RenovationContext): Promise<RenovationApplication> {
    requireRole(ctx.identity, [Role.ENGINEER], 'confirm site protection');
    return confirmSiteProtection(ctx, id);
  }

  @Mutation(() => RenovationApplication, { description: '施工许可证 with worker passes; CONFLICT FEES_UNPAID until the cashier has taken the fees' })
  issueRenovationPermit(
    @Arg('id', () => ID) id: string,
    @Arg('workers', () => [WorkerInput]) workers: WorkerInput[],
    @Arg('emergencyPhone', () => String, { nullable: true, description: "Default: the contractor's phone" }) emergencyPhone: string | null,
    @Arg('validUntil', () => DateScalar, { nullable: true, description: 'Default: 90 days from today' }) validUntil: string | null,
    @Ctx() ctx: RenovationContext,
  ): Promise<RenovationApplication> {
    requireRole(ctx.identity, [Role.FRONT_DESK], 'issue renovation permits');
    if (emergencyPhone && !PHONE_PATTERN.test(emergencyPhone)) throw AppError.badInput('emergencyPhone', PHONE_MESSAGE);
    return issuePermit(ctx, id, { workers, emergencyPhone: emergencyPhone ?? undefined, validUntil: validUntil ?? undefined });
  }

  @Mutation(() => HotWorkPermit, { description: '动火审批: hot work allowed in a time window' })
  issueHotWorkPermit(@Arg('id', () => ID) id: string, @Arg('input') input: HotWorkInput, @Ctx() ctx: RenovationContext): Promise<HotWorkPermit> {
    requireRole(ctx.identity, [Role.ENGINEER, Role.SECURITY], 'approve hot work');
    return issueHotWorkPermit(ctx, id, input);
  }

  @Mutation(() => RenovationApplication, { description: "巡视: a department's daily walk of the site (CUSTOMER_SERVICE, ENGINEERING or SECURITY)" })
  recordRenovationInspection(
    @Arg('id', () => ID) id: string,
    @Arg('department', () => Department) department: Department,
    @Arg('findings', () => String, { nullable: true }) findings: string | null,
    @Ctx() ctx: RenovationContext,
  ): Promise<RenovationApplication> {
    return recordInspection(ctx, id, department, findings ?? null);
  }

  @Mutation(() => RenovationApplication, { description: '违章: MINOR is a warning; SERIOUS a rectification notice with a penalty, and a ticket for the supervisor' })
  recordRenovationViolation(@Arg('id', () => ID) id: string, @Arg('input') input: ViolationInput, @Ctx() ctx: RenovationContext): Promise<RenovationApplication> {
    requireRole(ctx.identity, [Role.FRONT_DESK, Role.ENGINEER, Role.SECURITY], 'record renovation violations');
    return recordViolation(ctx, id, input);
  }

  @Mutation(() => RenovationApplication, { description: '竣工验收申请: the owner asks for the completion inspection' })
  requestCompletionInspection(@Arg('id', () => ID) id: string, @Ctx() ctx: RenovationContext): Promise<RenovationApplication> {
    if (ctx.identity.kind !== 'resident') requireRole(ctx.identity, [Role.FRONT_DESK], 'ask for completion inspections');
    return requestCompletion(ctx, id);
  }

  @Mutation(() => RenovationApplication, { description: '竣工验收: passed, or failed with the issues to fix (an OFFICE needs its fire-acceptance receipt first)' })
  recordCompletionInspection(
    @Arg('id', () => ID) id: string,
    @Arg('passed') passed: boolean,
    @Arg('issues', () => String, { nullable: true }) issues: string | null,
    @Ctx() ctx: RenovationContext,
  ): Promise<RenovationApplication> {
    requireRole(ctx.identity, [Role.ENGINEER, Role.SECURITY], 'inspect completed renovations');
    return recordCompletionInspection(ctx, id, passed, issues ?? null);
  }

  @Mutation(() => RenovationApplication, { description: '押金退还: CONFLICT REFUND_NOT_DUE before depositRefundDueOn; once' })
  refundRenovationDeposit(@Arg('id', () => ID) id: string, @Arg('input') input: RefundInput, @Ctx() ctx: RenovationContext): Promise<RenovationApplication> {
    requireRole(ctx.identity, [Role.FRONT_DESK, Role.CASHIER], 'refund renovation deposits');
    return refundDeposit(ctx, id, input);
  }
}
