import { type FilterQuery } from '@mikro-orm/core';
import { type QBFilterQuery } from '@mikro-orm/postgresql';
import { AppError } from '@pm/errors';
import { type ConnectionResult, connectionOf, encodeCursor, LazyCountConnection, MAX_PAGE_SIZE, type NamedOrder, PageArgs, paginate, type SortKey } from '@pm/graphql';
import { requirePropertyAccess } from '@pm/identity';
import { type ComputedReads, connectionFields, groupBy, pageColumns } from '@pm/subgraph';
import { type GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';

import { ResidentRef, UnitRef } from '../federation/references';
import { readableTickets } from './ticket.access';
import { NO_DEADLINE, Ticket, TicketTransition } from './ticket.entity';
import { TicketOrder, TicketStatus } from './ticket.enums';
import { OpenTicketInput, TicketFilter } from './ticket.inputs';
import { openingRefusal } from './ticket.rules';
import { firstTicketsOfUnits, ticketCountsByUnit } from './ticket.queries';
import { openTicket } from './ticket.service';
import { tallyCount } from './ticket-tally';
import { type TicketsContext } from '../settings';

export const TicketConnection = connectionOf(Ticket, 'Ticket');

/** Newest first; the id breaks ties so the keyset is total. */
export const TICKET_ORDER: SortKey<Ticket>[] = [['createdAt', 'desc'], ['id', 'desc']];
/** The desk's queue: the most overdue first, then the soonest due (Ticket.dueAt), those with none last. */
const DUE_ORDER: NamedOrder<Ticket> = { name: 'DUE', keys: [['dueAt', 'asc'], ['id', 'asc']] };
const TICKET_ORDERS: Record<TicketOrder, SortKey<Ticket>[] | NamedOrder<Ticket>> = { [TicketOrder.NEWEST]: TICKET_ORDER, [TicketOrder.DUE]: DUE_ORDER };

function filterQuery(filter: TicketFilter = {}): FilterQuery<Ticket> {
  const where: Record<string, unknown> = {};
  if (filter.propertyId) where.propertyId = filter.propertyId;
  if (filter.kind) where.kind = filter.kind;
  if (filter.status?.length) where.status = { $in: filter.status };
  if (filter.department) where.department = filter.department;
  if (filter.severity) where.severity = filter.severity;
  if (filter.breached !== undefined && filter.breached !== null) where.breached = filter.breached;
  if (filter.unitId) where.unitId = filter.unitId;
  if (filter.createdFrom || filter.createdTo) {
    where.createdAt = { ...(filter.createdFrom ? { $gte: filter.createdFrom } : {}), ...(filter.createdTo ? { $lt: filter.createdTo } : {}) };
  }
  return where as FilterQuery<Ticket>;
}

/**
 * What Ticket's computed fields read of its row, so a page reads only the columns its selection
 * needs (pageColumns); the fields not named here (sla, contactPhone, verificationOverdue…) read
 * whole rows when selected.
 */
const TICKET_COMPUTED: ComputedReads = { unit: ['unitId'], reporter: ['reporterId'], patrolRound: ['patrolRoundId'], dueAt: ['dueAt'] };

/**
 * Lists tickets matching `where` that the caller may read; with `info`, only the columns its nodes
 * need; with `count`, its totalCount counted that way (tallyCount) instead of in the ticket table.
 */
export function listTickets(ctx: TicketsContext, where: FilterQuery<Ticket>, page: PageArgs, info?: GraphQLResolveInfo, count?: (() => Promise<number>) | null, order = TicketOrder.NEWEST) {
  const scope = readableTickets(ctx.identity);
  if (!scope) throw AppError.forbidden('You may not list tickets');
  const fields = info && pageColumns(info, ctx.em, Ticket, TICKET_COMPUTED);
  return paginate(ctx.em, Ticket, { $and: [scope, where] } as FilterQuery<Ticket>, page, TICKET_ORDERS[order], { fields, count: count ?? undefined });
}

@Resolver(() => Ticket)
export class TicketResolver {
  @Query(() => Ticket, { nullable: true })
  async ticket(@Arg('id', () => ID) id: string, @Ctx() ctx: TicketsContext): Promise<Ticket | null> {
    // Read-only, through the batched loader the federation references use (a live board's change
    // is resolved this way, once per visibility). Who may see it is the access policy's call
    // (READ_POLICY.Ticket).
    return (await ctx.reference('Ticket').load(id)) as Ticket | null;
  }

  @Query(() => TicketConnection)
  tickets(
    @Arg('filter', () => TicketFilter, { nullable: true }) filter: TicketFilter | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: TicketsContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('orderBy', () => TicketOrder, { defaultValue: TicketOrder.NEWEST, description: 'NEWEST (the default), or DUE for a desk’s queue; a cursor (after) holds only for the order that gave it' }) orderBy: TicketOrder,
  ) {
    if (filter?.createdFrom && filter.createdTo && filter.createdFrom >= filter.createdTo) {
      throw AppError.badInput('createdTo', 'createdTo must be after createdFrom');
    }
    return listTickets(ctx, filterQuery(filter), page, info, tallyCount(ctx.em, ctx.identity, filter), orderBy);
  }

  @Mutation(() => Ticket, { description: '受理: register a ticket' })
  async openTicket(@Arg('input') input: OpenTicketInput, @Ctx() ctx: TicketsContext): Promise<Ticket> {
    const refusal = openingRefusal(ctx.identity, input.kind, input.channel, input.unitId);
    if (refusal) throw AppError.forbidden(refusal);
    requirePropertyAccess(ctx.identity, input.propertyId);
    return openTicket(ctx, input);
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When it is due: its earliest deadline not yet met (past when overdue); null while no deadline runs (on hold, finished). tickets(orderBy: DUE) sorts by it' })
  dueAt(@Root() ticket: Ticket): Date | null {
    return ticket.dueAt.getTime() === NO_DEADLINE.getTime() ? null : ticket.dueAt;
  }

  @FieldResolver(() => UnitRef, { nullable: true })
  unit(@Root() ticket: Ticket): UnitRef | null {
    return ticket.unitId ? { id: ticket.unitId } : null;
  }

  @FieldResolver(() => ResidentRef, { nullable: true })
  reporter(@Root() ticket: Ticket): ResidentRef | null {
    return ticket.reporterId ? { id: ticket.reporterId } : null;
  }

  @FieldResolver(() => [TicketTransition])
  history(@Root() ticket: Ticket, @Ctx() ctx: TicketsContext): Promise<TicketTransition[]> {
    return ctx
      .loader<string, TicketTransition[]>('history', async (ids) => {
        const rows = await ctx.em.find(TicketTransition, { ticketId: { $in: [...ids] } }, { orderBy: { at: 'asc', id: 'asc' } });
        return groupBy(ids, rows, (t) => t.ticketId);
      })
      .load(ticket.id);
  }
}

@ArgsType()
class UnitTicketsArgs extends PageArgs {
  @Field(() => [TicketStatus], { nullable: true })
  status?: TicketStatus[];
}

@Resolver(() => UnitRef)
export class UnitTicketsResolver {
  @FieldResolver(() => TicketConnection, { description: "The unit's tickets, newest first" })
  tickets(@Root() unit: UnitRef, @Args() args: UnitTicketsArgs, @Ctx() ctx: TicketsContext, @Info() info: GraphQLResolveInfo) {
    // A later page is one unit's business; first pages of many units (a board, a list) are batched.
    if (args.after) return listTickets(ctx, filterQuery({ unitId: unit.id, status: args.status }), args, info);
    const selected = connectionFields(info);
    // `tickets { totalCount }` (a unit's card, a list of units) reads no tickets, only their number.
    if (selected.size === 1 && selected.has('totalCount')) return countOnly(totalsByUnit(ctx, unitTickets(ctx, args)), unit.id);
    return firstPagesByUnit(ctx, args, pageColumns(info, ctx.em, Ticket, TICKET_COMPUTED)).load(unit.id);
  }
}

/** The tickets of units the caller may read, with the status filter asked: its loaders' key and filter for a batch of units. */
function unitTickets(ctx: TicketsContext, args: UnitTicketsArgs) {
  if (!Number.isInteger(args.first) || args.first < 1 || args.first > MAX_PAGE_SIZE) {
    throw AppError.badInput('first', `first must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  const scope = readableTickets(ctx.identity);
  if (!scope) throw AppError.forbidden('You may not list tickets');
  return {
    key: `unit-tickets:${args.first}:${(args.status ?? []).join(',')}`,
    of: (ids: readonly string[]) => ({ $and: [scope, filterQuery({ status: args.status }), { unitId: { $in: [...ids] } }] }) as QBFilterQuery<Ticket>,
  };
}

/** How many of its tickets each unit of the request has, in one statement (shared by the count-only and the paged ways). */
function totalsByUnit(ctx: TicketsContext, { key, of }: ReturnType<typeof unitTickets>) {
  return ctx.loader<string, number>(`${key}:count`, async (ids) => {
    const byUnit = await ticketCountsByUnit(ctx.em, of(ids));
    return ids.map((id) => byUnit.get(id) ?? 0);
  });
}

/** A connection of which only totalCount was selected: no page is read, so its edges are none. */
const countOnly = (totals: ReturnType<typeof totalsByUnit>, unitId: string): ConnectionResult<Ticket> =>
  new LazyCountConnection<Ticket>([], { hasNextPage: false, endCursor: null }, () => totals.load(unitId));

/**
 * The first page of tickets of every unit in the request, in one statement (a window function ranks
 * each unit's tickets newest first) reading only the columns its nodes need (`fields`, whole rows
 * when undefined), and their totals, only if asked for, in one more.
 */
function firstPagesByUnit(ctx: TicketsContext, args: UnitTicketsArgs, fields: string[] | undefined) {
  const scoped = unitTickets(ctx, args);
  return ctx.loader<string, ConnectionResult<Ticket>>(`${scoped.key}:${fields?.join(',') ?? '*'}`, async (unitIds) => {
    const tickets = await firstTicketsOfUnits(ctx.em, scoped.of(unitIds), TICKET_ORDER, args.first + 1, fields);
    const totals = totalsByUnit(ctx, scoped);
    return groupBy(unitIds, tickets, (t) => t.unitId!).map((rows, i): ConnectionResult<Ticket> => {
      const edges = rows.slice(0, args.first).map((node) => ({ node, cursor: encodeCursor(TICKET_ORDER.map(([field]) => node[field])) }));
      return new LazyCountConnection(edges, { hasNextPage: rows.length > args.first, endCursor: edges.at(-1)?.cursor ?? null }, () => totals.load(unitIds[i]));
    });
  });
}

@Resolver(() => ResidentRef)
export class ResidentTicketsResolver {
  @FieldResolver(() => TicketConnection, { description: 'Tickets this resident reported, newest first' })
  tickets(@Root() resident: ResidentRef, @Args() page: PageArgs, @Ctx() ctx: TicketsContext, @Info() info: GraphQLResolveInfo) {
    return listTickets(ctx, { reporterId: resident.id }, page, info);
  }
}
