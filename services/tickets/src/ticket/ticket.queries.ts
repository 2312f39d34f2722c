import { type EntityManager, type QBFilterQuery, sql } from '@mikro-orm/postgresql';
import { countsForRead, rowsForRead } from '@pm/db';

import { Ticket } from './ticket.entity';

/**
 * Up to `perUnit` tickets of each unit matching `where`, newest first, in one statement: a window
 * function ranks each unit's tickets.
 */
export async function firstTicketsOfUnits(em: EntityManager, where: QBFilterQuery<Ticket>, perUnit: number): Promise<Ticket[]> {
  const qb = em.createQueryBuilder(Ticket, 't').select(['t.*', sql`row_number() over (partition by t.unit_id order by t.created_at desc, t.id desc)`.as('rank')]).where(where);
  const ranked = await em.getKnex().select('*').from(qb.getKnexQuery().as('ranked')).where('rank', '<=', perUnit)
    .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]);
  return rowsForRead(em, Ticket, (ranked as Record<string, unknown>[]).map(({ rank: _rank, ...row }) => row));
}

/** How many tickets matching `where` each unit has, by unit id (units without any are absent). */
export async function ticketCountsByUnit(em: EntityManager, where: QBFilterQuery<Ticket>): Promise<Map<string, number>> {
  return (await countsForRead(em, Ticket, where as never, 'unitId')) as Map<string, number>;
}
