import { type EntityManager } from '@mikro-orm/postgresql';
import { type Identity } from '@pm/identity';

import { readableTickets } from './ticket.access';
import { type TicketFilter } from './ticket.inputs';

/**
 * `totalCount` of a ticket list from `ticket_tally` (Migration20261205120000): the database keeps
 * how many tickets there are per property, kind, status, department, severity and breach, in the
 * same transaction as every change to `ticket`. A list filtered by those alone, as the caller's
 * properties allow, is counted by summing a few of its rows: over 1,000,000 tickets, a property's
 * open tickets are a sum of a few dozen rows instead of an index scan of 333,333 (80 ms). Null when
 * the tally cannot answer (a unit, a date range, a resident's own reports): those lists are counted
 * in the ticket table, where their indexes make them small.
 */
export function tallyCount(em: EntityManager, identity: Identity, filter: TicketFilter = {}): (() => Promise<number>) | null {
  if (filter.unitId || filter.createdFrom || filter.createdTo) return null;
  const scope = readableTickets(identity) as { propertyId?: { $in: string[] } } | null;
  if (!scope || Object.keys(scope).some((key) => key !== 'propertyId')) return null;
  return async () => {
    const knex = em.getKnex();
    const query = knex('ticket_tally').select(knex.raw('coalesce(sum(tickets), 0)::int as n'));
    if (scope.propertyId) query.whereIn('property_id', scope.propertyId.$in);
    if (filter.propertyId) query.where('property_id', filter.propertyId);
    if (filter.kind) query.where('kind', filter.kind);
    if (filter.status?.length) query.whereIn('status', filter.status);
    if (filter.department) query.where('department', filter.department);
    if (filter.severity) query.where('severity', filter.severity);
    if (filter.breached !== undefined && filter.breached !== null) query.where('breached', filter.breached);
    const [row] = await em.getConnection().execute<{ n: number }[]>(query);
    return row.n;
  };
}
