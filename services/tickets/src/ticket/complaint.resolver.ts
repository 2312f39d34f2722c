import { requireReader, Role } from '@pm/identity';
import { groupBy } from '@pm/subgraph';
import { IsOptional, MaxLength } from 'class-validator';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';

import { type TicketsContext } from '../settings';
import {
  answerComplaint, decideDeadlineExtension, recordCorrectiveAction, requestDeadlineExtension,
} from './complaint.workflow';
import { DeadlineExtension, Ticket } from './ticket.entity';
import { ComplaintCause, ExtensionStatus } from './ticket.enums';

@InputType({ description: '纠正措施报告: what the complaint was about, what was done, what changes' })
export class CorrectiveActionInput {
  @Field(() => ComplaintCause)
  cause: ComplaintCause;

  @Field({ description: 'What was done for the resident' })
  @MaxLength(2000)
  remedy: string;

  @Field({ description: 'What changes so it does not happen again' })
  @MaxLength(2000)
  measure: string;

  @Field(() => String, { nullable: true, description: 'Who checked that the measure is in place (once checked)' })
  @IsOptional()
  @MaxLength(100)
  verifiedBy?: string;
}

@ObjectType('CorrectiveAction', { description: '纠正措施报告 of a complaint' })
export class CorrectiveAction {
  @Field(() => ComplaintCause)
  cause: ComplaintCause;

  @Field()
  remedy: string;

  @Field()
  measure: string;

  @Field(() => String, { nullable: true })
  verifiedBy: string | null;

  @Field(() => Date, { nullable: true })
  verifiedAt: Date | null;
}

/** Complaints beyond the lifecycle: the definite answer, running over a deadline with approval, corrective actions. */
@Resolver(() => Ticket)
export class ComplaintResolver {
  @Mutation(() => Ticket, { description: '明确答复: the definite answer given to a complainant (meets a MAJOR complaint’s answer deadline)' })
  answerComplaint(@Arg('id', () => ID) id: string, @Arg('answer') answer: string, @Ctx() ctx: TicketsContext) {
    return answerComplaint(ctx, id, answer);
  }

  @Mutation(() => DeadlineExtension, { description: '超时申请: ask a supervisor or the manager to run over the resolution deadline, to `until`' })
  requestDeadlineExtension(
    @Arg('ticketId', () => ID) ticketId: string,
    @Arg('until', () => Date) until: Date,
    @Arg('reason') reason: string,
    @Ctx() ctx: TicketsContext,
  ) {
    return requestDeadlineExtension(ctx, ticketId, until, reason);
  }

  @Mutation(() => DeadlineExtension, { description: 'Supervisor or project manager: approve (or, with approve: false and a note, refuse) an extension; approved, the ticket’s SLA uses the new deadline' })
  approveDeadlineExtension(
    @Arg('id', () => ID) id: string,
    @Arg('approve', () => Boolean, { defaultValue: true }) approve: boolean,
    @Arg('note', () => String, { nullable: true }) note: string | undefined,
    @Ctx() ctx: TicketsContext,
  ) {
    return decideDeadlineExtension(ctx, id, approve, note);
  }

  @Mutation(() => Ticket, { description: 'Supervisor: a complaint’s cause and corrective action (纠正措施报告)' })
  recordCorrectiveAction(@Arg('id', () => ID) id: string, @Arg('input') input: CorrectiveActionInput, @Ctx() ctx: TicketsContext) {
    return recordCorrectiveAction(ctx, id, input);
  }

  @Query(() => [DeadlineExtension], { description: 'Extension requests waiting for a supervisor’s or the manager’s answer, oldest first' })
  pendingDeadlineExtensions(@Arg('propertyId', () => ID) propertyId: string, @Ctx() ctx: TicketsContext): Promise<DeadlineExtension[]> {
    requireReader(ctx.identity, propertyId, 'tickets', [Role.SUPERVISOR, Role.PROJECT_MANAGER], 'extension requests');
    return ctx.em.find(DeadlineExtension, { propertyId, status: ExtensionStatus.PENDING }, { orderBy: { requestedAt: 'asc', id: 'asc' }, limit: 500 });
  }

  @FieldResolver(() => [DeadlineExtension], { description: 'Requests to run over the resolution deadline, oldest first' })
  deadlineExtensions(@Root() ticket: Ticket, @Ctx() ctx: TicketsContext): Promise<DeadlineExtension[]> {
    return ctx
      .loader<string, DeadlineExtension[]>('deadline-extensions', async (ids) => {
        const rows = await ctx.em.find(DeadlineExtension, { ticketId: { $in: [...ids] } }, { orderBy: { requestedAt: 'asc', id: 'asc' } });
        return groupBy(ids, rows, (row) => row.ticketId);
      })
      .load(ticket.id);
  }

  @FieldResolver(() => CorrectiveAction, { nullable: true, description: 'Complaints: the corrective-action report, once recorded' })
  correctiveAction(@Root() ticket: Ticket): CorrectiveAction | null {
    if (!ticket.cause || !ticket.remedy || !ticket.correctiveMeasure) return null;
    return { cause: ticket.cause, remedy: ticket.remedy, measure: ticket.correctiveMeasure, verifiedBy: ticket.correctionVerifiedBy, verifiedAt: ticket.correctionVerifiedAt };
  }
}
