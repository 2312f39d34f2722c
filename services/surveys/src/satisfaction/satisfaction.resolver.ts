import { AppError } from '@pm/errors';
import { isMonth } from '@pm/calendar';
import { requireReader, Role } from '@pm/identity';
import { TICKET_KINDS, type TicketKindValue } from '@pm/events';
import { Arg, Ctx, Field, Float, ID, Int, ObjectType, Query, registerEnumType, Resolver } from 'type-graphql';

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

@Resolver()
export class SatisfactionResolver {
  @Query(() => [ServiceSatisfaction], { description: 'Service satisfaction from ticket callbacks, per kind, for a month (YYYY-MM); kinds with a target are always listed' })
  async serviceSatisfaction(@Arg('propertyId', () => ID) propertyId: string, @Arg('month') month: string, @Ctx() ctx: SurveysContext): Promise<ServiceSatisfaction[]> {
    const targets = ctx.settings.satisfactionTargets;
    if (!isMonth(month)) throw AppError.badInput('month', 'month must be YYYY-MM, e.g. 2026-11');
    requireReader(ctx.identity, propertyId, 'surveys', [Role.SUPERVISOR], 'service satisfaction');
    const tallies = new Map((await ctx.em.find(CallbackTally, { propertyId, month })).map((t) => [t.kind, t]));
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
}
