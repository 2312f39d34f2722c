import { type EntityManager, type QBFilterQuery } from '@mikro-orm/postgresql';
import { countsForRead, firstPerGroupForRead } from '@pm/db';
import { type SortKey } from '@pm/graphql';

import { Ticket } from './ticket.entity';

/**
 * Up to `perUnit` tickets of each unit matching `where`, in `order` (the one its page's cursors
 * encode), in one statement: a window function ranks each unit's tickets. With `fields`, only those
 * columns (and what the order reads).
 */
export function firstTicketsOfUnits(em: EntityManager, where: QBFilterQuery<Ticket>, order: readonly SortKey<Ticket>[], perUnit: number, fields?: readonly string[]): Promise<Ticket[]> {
  return firstPerGroupForRead(em, Ticket, where as never, { by: 'unitId', orderBy: order, perGroup: perUnit, fields });
}

/** How many tickets matching `where` each unit has, by unit id (units without any are absent). */
export async function ticketCountsByUnit(em: EntityManager, where: QBFilterQuery<Ticket>): Promise<Map<string, number>> {
  return (await countsForRead(em, Ticket, where as never, 'unitId')) as Map<string, number>;
}
