import { AppError } from '@pm/errors';
import { isMonth } from '@pm/calendar';
import { requireReader, Role } from '@pm/identity';
import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';

import { ComplaintAnalysis, PaidRepairReport, TicketSummary } from './report.types';
import { complaintAnalysis, paidRepairReport, ticketSummary } from './reports.service';
import { settingsOf, type TicketsContext } from '../settings';

const MAX_SUMMARY_DAYS = 366;

@Resolver()
export class ReportsResolver {
  @Query(() => TicketSummary, { description: 'The weekly ticket summary (every Friday) for any period of up to a year' })
  async ticketSummary(
    @Arg('propertyId', () => ID) propertyId: string,
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
    @Ctx() ctx: TicketsContext,
  ): Promise<TicketSummary> {
    if (to <= from) throw AppError.badInput('to', 'to must be after from');
    if (to.getTime() - from.getTime() > MAX_SUMMARY_DAYS * 86_400_000) throw AppError.badInput('to', `a summary covers at most ${MAX_SUMMARY_DAYS} days`);
    // Supervisors (and managers) see reports; integrators with tickets:read may read them too.
    requireReader(ctx.identity, propertyId, 'tickets', [Role.SUPERVISOR], 'the ticket summary');
    return ticketSummary(ctx.em, propertyId, from, to, (await settingsOf(ctx, propertyId)).targets);
  }

  @Query(() => ComplaintAnalysis, { description: '投诉分析: the weekly complaint analysis for any period of up to a year' })
  complaintAnalysis(
    @Arg('propertyId', () => ID) propertyId: string,
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
    @Ctx() ctx: TicketsContext,
  ): Promise<ComplaintAnalysis> {
    if (to <= from) throw AppError.badInput('to', 'to must be after from');
    if (to.getTime() - from.getTime() > MAX_SUMMARY_DAYS * 86_400_000) throw AppError.badInput('to', `an analysis covers at most ${MAX_SUMMARY_DAYS} days`);
    requireReader(ctx.identity, propertyId, 'tickets', [Role.SUPERVISOR], 'the complaint analysis');
    return complaintAnalysis(ctx.em, propertyId, from, to);
  }

  @Query(() => PaidRepairReport, { description: '有偿维修月报: paid repairs resolved in a month (YYYY-MM, local time)' })
  async paidRepairReport(@Arg('propertyId', () => ID) propertyId: string, @Arg('month') month: string, @Ctx() ctx: TicketsContext): Promise<PaidRepairReport> {
    if (!isMonth(month)) throw AppError.badInput('month', 'month must be YYYY-MM, e.g. 2026-11');
    requireReader(ctx.identity, propertyId, 'tickets', [Role.SUPERVISOR, Role.CASHIER], 'the paid-repair report');
    return paidRepairReport(ctx.em, propertyId, month, (await settingsOf(ctx, propertyId)).calendar);
  }
}
