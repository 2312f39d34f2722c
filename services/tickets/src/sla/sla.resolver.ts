import { Ctx, Field, FieldResolver, ObjectType, registerEnumType, Resolver, Root } from 'type-graphql';

import { Ticket } from '../ticket/ticket.entity';
import { computeSla, SlaBreachKind } from './sla.rules';
import { settingsOf, type TicketsContext, type TicketsSettings } from '../settings';

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
  async sla(@Root() ticket: Ticket, @Ctx() ctx: TicketsContext): Promise<Sla> {
    const settings = await ctx.loader<string, TicketsSettings>('property-settings', (ids) => Promise.all(ids.map((id) => settingsOf(ctx, id)))).load(ticket.propertyId);
    const sla = computeSla({ ...ticket, pausedMs: Number(ticket.pausedMs) }, settings.sla, settings.calendar, ctx.clock.now());
    return { ...sla, breached: sla.breaches.length > 0 };
  }
}
