import { AppError } from '@pm/errors';
import { isMonth } from '@pm/calendar';
import { requireReader, Role } from '@pm/identity';
import { TICKET_KINDS, type TicketKindValue } from '@pm/events';
import { Arg, Ctx, Field, FieldResolver, Float, ID, Int, ObjectType, Query, registerEnumType, Resolver, Root } from 'type-graphql';
import { satisfactionTargetsOf } from './property-targets';

import { Survey } from '../survey/survey.entity';

import { type SurveysContext } from '../settings';
import { CallbackTally } from './callback-tally.entity';

/** The tickets subgraph's ticket kinds, from the event catalogue (the same enum for composition). */
export const TicketKind = Object.fromEntries(TICKET_KINDS.map((kind) => [kind, kind])) as { [K in TicketKindValue]: K };
export type TicketKind = TicketKindValue;
registerEnumType(TicketKind, { name: 'TicketKind', description: '报修 / 投诉 / 需求 / 建议 / 咨询 / 巡查发现 / 整改' });

@ObjectType({ description: 'Ticket callbacks of one kind in a month, and how satisfied residents were' })
export class ServiceSatisfaction {
  @Field(() => TicketKind) kind: TicketKind;
  @Field(() => Int) callbacks: number;
  @Field(() => Int) satisfied: number;
  @Field(() => Int) fairlySatisfied: number;
  @Field(() => Int) dissatisfied: number;
  @Field(() => Int, { description: 'Made after their deadline' }) late: number;
  @Field(() => Float, { nullable: true, description: '(SATISFIED + FAIRLY_SATISFIED) / callbacks; null without callbacks' }) satisfactionRate: number | null;
  @Field(() => Float, { nullable: true, description: 'The target for this kind, where one is set' }) target: number | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether the target is met; null without a target or callbacks' }) met: boolean | null;
}

/** Service satisfaction of a property's month, per ticket kind (kinds with a target always listed). */
export async function serviceSatisfactionOf(em: SurveysContext['em'], propertyId: string, month: string, targets: Readonly<Record<string, number>>): Promise<ServiceSatisfaction[]> {
  const tallies = new Map((await em.find(CallbackTally, { propertyId, month })).map((t) => [t.kind, t]));
  return Object.values(TicketKind)
    .filter((kind) => tallies.has(kind) || targets[kind] !== undefined)
    .map((kind) => {
      const t = tallies.get(kind);
      const callbacks = t?.callbacks ?? 0;
      const satisfactionRate = callbacks ? Math.round(((t!.satisfied + t!.fairlySatisfied) / callbacks) * 10_000) / 10_000 : null;
      const target = targets[kind] ?? null;
      return {
        kind, callbacks, satisfied: t?.satisfied ?? 0, fairlySatisfied: t?.fairlySatisfied ?? 0, dissatisfied: t?.dissatisfied ?? 0, late: t?.late ?? 0,
        satisfactionRate, target, met: target === null || satisfactionRate === null ? null : satisfactionRate >= target,
      };
    });
}

function monthArg(month: string): string {
  if (!isMonth(month)) throw AppError.badInput('month', 'month must be YYYY-MM, e.g. 2026-11');
  return month;
}

@Resolver()
export class SatisfactionResolver {
  @Query(() => [ServiceSatisfaction], { description: 'Service satisfaction from ticket callbacks, per kind, for a month (YYYY-MM); kinds with a target are always listed' })
  async serviceSatisfaction(@Arg('propertyId', () => ID) propertyId: string, @Arg('month') month: string, @Ctx() ctx: SurveysContext): Promise<ServiceSatisfaction[]> {
    monthArg(month);
    requireReader(ctx.identity, propertyId, 'surveys', [Role.SUPERVISOR], 'service satisfaction');
    return serviceSatisfactionOf(ctx.em, propertyId, month, await satisfactionTargetsOf(ctx.em, ctx.settings, propertyId));
  }
}

/** The survey report shows the callbacks' satisfaction next to the survey's. */
@Resolver(() => Survey)
export class SurveySatisfactionResolver {
  @FieldResolver(() => [ServiceSatisfaction], { description: 'Service satisfaction from ticket callbacks in a month (default: the month the survey closes), next to the survey’s results; staff only' })
  async serviceSatisfaction(@Root() survey: Survey, @Arg('month', () => String, { nullable: true }) month: string | null, @Ctx() ctx: SurveysContext): Promise<ServiceSatisfaction[]> {
    if (ctx.identity.kind === 'resident') return [];
    return serviceSatisfactionOf(ctx.em, survey.propertyId, monthArg(month ?? survey.closesOn.slice(0, 7)), await satisfactionTargetsOf(ctx.em, ctx.settings, survey.propertyId));
  }
}
