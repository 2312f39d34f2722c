import { type FilterQuery } from '@mikro-orm/core';
import { ALL_PROPERTIES, canRead, type Identity } from '@pm/identity';

import { type Ticket } from './ticket.entity';

/** A resident reads the tickets they reported; staff those of their properties; integrators with tickets:read. */
export function canReadTicket(identity: Identity, ticket: Ticket): boolean {
  if (identity.kind === 'resident') return ticket.reporterId === identity.residentId;
  return canRead(identity, ticket.propertyId, 'tickets');
}

/** The rows a caller may list, as a filter to AND with theirs. */
export function readableTickets(identity: Identity): FilterQuery<Ticket> | null {
  if (identity.kind === 'resident') return identity.residentId ? { reporterId: identity.residentId } : null;
  if (identity.kind === 'integrator' && !(identity.scopes ?? []).includes('tickets:read')) return null;
  if (identity.propertyIds.includes(ALL_PROPERTIES)) return {};
  return { propertyId: { $in: identity.propertyIds } };
}
