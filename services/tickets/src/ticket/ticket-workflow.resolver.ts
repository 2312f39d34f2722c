import { AppError } from '@pm/errors';
import { groupBy } from '@pm/subgraph';
import { IsOptional, MaxLength } from 'class-validator';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, Resolver, Root } from 'type-graphql';

import { TicketCallback } from './ticket-callback.entity';
import { Ticket } from './ticket.entity';
import { ComplaintCause, ComplaintSeverity, ComplaintValidity, Department, Satisfaction } from './ticket.enums';
import {
  classifyComplaint, dispatchTicket, holdTicket, recordCallback, rejectTicket, resolveTicket, startTicket,
} from './ticket.workflow';
import { type TicketsContext } from '../settings';

@InputType()
export class CallbackInput {
  @Field({ description: 'Was it fixed?' })
  resolved: boolean;

  @Field(() => Satisfaction)
  satisfaction: Satisfaction;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  comment?: string;
}

/** The ticket lifecycle mutations: thin, the rules live in ticket.machine.ts and ticket.workflow.ts. */
@Resolver(() => Ticket)
export class TicketWorkflowResolver {
  @Mutation(() => Ticket, { description: '派单: dispatch to a department (again, to re-dispatch)' })
  dispatchTicket(
    @Arg('id', () => ID) id: string,
    @Arg('department', () => Department) department: Department,
    @Arg('assignee', () => String, { nullable: true }) assignee: string | undefined,
    @Ctx() ctx: TicketsContext,
  ) {
    return dispatchTicket(ctx, id, department, assignee);
  }

  @Mutation(() => Ticket, { description: 'Work starts (or resumes after a hold)' })
  startTicket(@Arg('id', () => ID) id: string, @Ctx() ctx: TicketsContext) {
    return startTicket(ctx, id);
  }

  @Mutation(() => Ticket, { description: "Wait for the resident's appointment; the SLA clock pauses" })
  holdTicket(
    @Arg('id', () => ID) id: string,
    @Arg('until', () => Date) until: Date,
    @Arg('note', () => String, { nullable: true }) note: string | undefined,
    @Ctx() ctx: TicketsContext,
  ) {
    return holdTicket(ctx, id, until, note);
  }

  @Mutation(() => Ticket, { description: '处理完成: resolved, awaiting the callback; paid repairs record the fee' })
  resolveTicket(
    @Arg('id', () => ID) id: string,
    @Arg('note') note: string,
    @Arg('feeFen', () => Int, { nullable: true, description: 'Paid repairs: the fee charged (defaults to the quoted catalogue price)' }) feeFen: number | undefined,
    @Arg('materials', () => String, { nullable: true, description: 'Paid repairs: materials used' }) materials: string | undefined,
    @Ctx() ctx: TicketsContext,
  ) {
    if (materials && materials.length > 1000) throw AppError.badInput('materials', 'materials must be at most 1000 characters');
    return resolveTicket(ctx, id, note, feeFen, materials);
  }

  @Mutation(() => Ticket, { description: 'Supervisor: VALID (with a severity) or INVALID' })
  classifyComplaint(
    @Arg('id', () => ID) id: string,
    @Arg('validity', () => ComplaintValidity) validity: ComplaintValidity,
    @Arg('severity', () => ComplaintSeverity, { nullable: true }) severity: ComplaintSeverity | undefined,
    @Arg('cause', () => ComplaintCause, { nullable: true, description: 'What it is about, if already known (for the weekly analysis)' }) cause: ComplaintCause | undefined,
    @Ctx() ctx: TicketsContext,
  ) {
    return classifyComplaint(ctx, id, validity, severity, cause);
  }

  @Mutation(() => Ticket, { description: 'Supervisor: reject (an invalid complaint), explained in the note' })
  rejectTicket(@Arg('id', () => ID) id: string, @Arg('note') note: string, @Ctx() ctx: TicketsContext) {
    return rejectTicket(ctx, id, note);
  }

  @Mutation(() => Ticket, { description: '回访: satisfied closes the ticket, dissatisfied reopens it' })
  recordCallback(@Arg('id', () => ID) id: string, @Arg('input') input: CallbackInput, @Ctx() ctx: TicketsContext) {
    return recordCallback(ctx, id, input);
  }

  @FieldResolver(() => TicketCallback, { nullable: true, description: 'The latest callback (回访)' })
  callback(@Root() ticket: Ticket, @Ctx() ctx: TicketsContext): Promise<TicketCallback | null> {
    return ctx
      .loader<string, TicketCallback | null>('latest-callback', async (ids) => {
        const rows = await ctx.em.find(TicketCallback, { ticketId: { $in: [...ids] } }, { orderBy: { at: 'asc', id: 'asc' } });
        const latest = new Map(rows.map((row) => [row.ticketId, row]));
        return ids.map((id) => latest.get(id) ?? null);
      })
      .load(ticket.id);
  }

  @FieldResolver(() => [TicketCallback], { description: 'Every callback, oldest first (a reopened ticket is called back again)' })
  callbacks(@Root() ticket: Ticket, @Ctx() ctx: TicketsContext): Promise<TicketCallback[]> {
    return ctx
      .loader<string, TicketCallback[]>('callbacks', async (ids) => {
        const rows = await ctx.em.find(TicketCallback, { ticketId: { $in: [...ids] } }, { orderBy: { at: 'asc', id: 'asc' } });
        return groupBy(ids, rows, (row) => row.ticketId);
      })
      .load(ticket.id);
  }
}
