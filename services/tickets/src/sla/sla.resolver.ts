import { Ctx, Field, FieldResolver, ObjectType, registerEnumType, Resolver, Root } from 'type-graphql';

import { Ticket } from '../ticket/ticket.entity';
import { computeSla, SlaBreachKind } from './sla.rules';
import { type TicketsContext } from '../settings';

registerEnumType(SlaBreachKind, { name: 'SlaBreachKind' });

@ObjectType('Sla', { description: "A ticket's deadlines, and which were missed" })
export class Sla {
  @Field(() => Date, { nullable: true })
  dispatchBy: Date | null;

  @Field(() => Date, { nullable: true })
  respondBy: Date | null;

  @Field(() => Date, { nullable: true })
  resolveBy: Date | null;

  @Field(() => Date, { nullable: true })
  callbackBy: Date | null;

  @Field()
  breached: boolean;

  @Field(() => [SlaBreachKind])
  breaches: SlaBreachKind[];
}

@Resolver(() => Ticket)
export class TicketSlaResolver {
  @FieldResolver(() => Sla)
  sla(@Root() ticket: Ticket, @Ctx() ctx: TicketsContext): Sla {
    const sla = computeSla({ ...ticket, pausedMs: Number(ticket.pausedMs) }, ctx.settings.sla, ctx.settings.calendar, ctx.clock.now());
    return { ...sla, breached: sla.breaches.length > 0 };
  }
}
