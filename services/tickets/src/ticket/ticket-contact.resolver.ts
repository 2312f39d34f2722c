import { newId } from '@pm/db';
import { AppError } from '@pm/errors';
import { maskPhone, mayUnmask, requirePropertyAccess, requireRole, Role } from '@pm/identity';
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';

import { type TicketsContext } from '../settings';
import { TicketPiiAccess } from './ticket-contact.entity';
import { Ticket } from './ticket.entity';

/**
 * The number the caller gave for this ticket (来电号码), personal data like a resident's phone:
 * masked (138****5678) for everyone but a project manager, whose every read is logged.
 */
@Resolver(() => Ticket)
export class TicketContactResolver {
  @FieldResolver(() => String, { nullable: true, description: 'The contact phone given for this ticket: masked except for a project manager, whose every read is logged (ticketPiiAccessLog)' })
  async contactPhone(@Root() ticket: Ticket, @Ctx() ctx: TicketsContext): Promise<string | null> {
    if (!ticket.contactPhone) return null;
    if (!mayUnmask(ctx.identity)) return maskPhone(ticket.contactPhone);
    // One insert per request batch, written before any value is returned.
    await ctx.loader<string, true>('ticket-pii-access', async (keys) => {
      await ctx.em.insertMany(TicketPiiAccess, keys.map((key) => {
        const [ticketId, propertyId] = key.split('|');
        return { id: newId(), ticketId, propertyId, accessorId: ctx.identity.sub, accessorName: ctx.identity.name, at: ctx.clock.now() };
      }));
      return keys.map(() => true as const);
    }).load(`${ticket.id}|${ticket.propertyId}`);
    return ticket.contactPhone;
  }

  @Query(() => [TicketPiiAccess], { description: 'Project manager: every unmasked read of tickets’ contact phones, newest first' })
  ticketPiiAccessLog(
    @Arg('propertyId', () => ID) propertyId: string,
    @Arg('first', () => Int, { defaultValue: 100 }) first: number,
    @Ctx() ctx: TicketsContext,
  ): Promise<TicketPiiAccess[]> {
    requireRole(ctx.identity, [Role.PROJECT_MANAGER], 'see the personal-data log');
    if (!mayUnmask(ctx.identity)) throw AppError.forbidden('Only a project manager may see the personal-data log');
    requirePropertyAccess(ctx.identity, propertyId);
    if (first < 1 || first > 1000) throw AppError.badInput('first', 'first must be between 1 and 1000');
    return ctx.em.find(TicketPiiAccess, { propertyId }, { orderBy: { at: 'desc', id: 'desc' }, limit: first });
  }
}
