import { isMonth } from '@pm/calendar';
import { AppError } from '@pm/errors';
import { requireReader, requireRole, Role } from '@pm/identity';
import { Arg, Ctx, Field, FieldResolver, Float, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';

import { ResidentRef, TicketRef, UnitRef } from '../federation/references';
import { type SurveysContext } from '../settings';
import { Visit } from './visit.entity';
import { VisitInput } from './visit.inputs';
import { recordVisit, summariseVisits } from './visit.service';

@ObjectType('StaffVisits', { description: "One assistant's visits in the month against the quota" })
export class StaffVisitsView {
  @Field() staffId: string;
  @Field() name: string;
  @Field(() => Int) visits: number;
  @Field(() => Int) quota: number;
  @Field() met: boolean;
  @Field(() => Int, { description: 'Visits still missing to meet the quota' }) short: number;
}

@ObjectType('VisitSummary', { description: '走访汇总 (due by the 5th): per assistant against the quota of 10; the total against 5% of occupied units' })
export class VisitSummaryView {
  @Field() month: string;
  @Field(() => [StaffVisitsView]) staff: StaffVisitsView[];
  @Field(() => Int) total: number;
  @Field(() => Int) occupiedUnits: number;
  @Field(() => Float) coverage: number;
  @Field(() => Int, { description: 'Visits the team needs: the coverage share of occupied units, rounded up' }) required: number;
  @Field() totalMet: boolean;
  @Field(() => [String], { description: 'Assistants under quota' }) short: string[];
}

// Reads are checked by the access policy (READ_POLICY.Visit).
@Resolver(() => Visit)
export class VisitResolver {
  @Mutation(() => Visit, { description: '走访: a visit to a household; feedback needing action opens a ticket' })
  recordVisit(@Arg('input') input: VisitInput, @Ctx() ctx: SurveysContext): Promise<Visit> {
    requireRole(ctx.identity, [Role.FRONT_DESK], 'record visits');
    return recordVisit(ctx, input);
  }

  @Query(() => VisitSummaryView)
  visitSummary(@Arg('propertyId', () => ID) propertyId: string, @Arg('month') month: string, @Ctx() ctx: SurveysContext): Promise<VisitSummaryView> {
    if (!isMonth(month)) throw AppError.badInput('month', 'month must be YYYY-MM, e.g. 2026-11');
    requireReader(ctx.identity, propertyId, 'surveys', [Role.SUPERVISOR], 'the visit summary');
    return summariseVisits(ctx.em, propertyId, month, ctx.settings);
  }

  @Query(() => [Visit], { description: "A property's visits in a month (YYYY-MM), newest first" })
  async visits(@Arg('propertyId', () => ID) propertyId: string, @Arg('month') month: string, @Ctx() ctx: SurveysContext): Promise<Visit[]> {
    if (!isMonth(month)) throw AppError.badInput('month', 'month must be YYYY-MM, e.g. 2026-11');
    requireReader(ctx.identity, propertyId, 'surveys', [Role.FRONT_DESK], 'visits');
    const { from, to } = ctx.settings.calendar.monthRange(month);
    return ctx.em.find(Visit, { propertyId, visitedAt: { $gte: from, $lt: to } }, { orderBy: { visitedAt: 'desc', id: 'desc' } });
  }

  @FieldResolver(() => UnitRef)
  unit(@Root() visit: Visit): UnitRef {
    return { id: visit.unitId };
  }

  @FieldResolver(() => ResidentRef, { nullable: true })
  resident(@Root() visit: Visit): ResidentRef | null {
    return visit.residentId ? { id: visit.residentId } : null;
  }

  @FieldResolver(() => TicketRef, { nullable: true, description: 'The ticket opened for feedback needing action' })
  ticket(@Root() visit: Visit): TicketRef | null {
    return visit.ticketId ? { id: visit.ticketId } : null;
  }
}
