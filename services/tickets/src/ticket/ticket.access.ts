import { type FilterQuery } from '@mikro-orm/core';
import { ALL_PROPERTIES, type Identity } from '@pm/identity';

import { type Ticket } from './ticket.entity';

/**
 * The rows a caller may list, as a filter to AND with theirs: READ_POLICY.Ticket written as SQL
 * (a resident's own reports; an integrator with tickets:read; the caller's properties).
 */
export function readableTickets(identity: Identity): FilterQuery<Ticket> | null {
  if (identity.kind === 'resident') return identity.residentId ? { reporterId: identity.residentId } : null;
  if (identity.kind === 'integrator' && !(identity.scopes ?? []).includes('tickets:read')) return null;
  if (identity.propertyIds.includes(ALL_PROPERTIES)) return {};
  return { propertyId: { $in: identity.propertyIds } };
}
