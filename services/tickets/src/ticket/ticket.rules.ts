import { type Identity, Role, hasRole } from '@pm/identity';

import { Channel, RepairUrgency, TicketKind } from './ticket.enums';

/** Kinds that security and engineering staff may register themselves (their own patrol findings). */
const FIELD_STAFF_KINDS = new Set([TicketKind.PATROL_FINDING]);

/** Why `identity` may not open a ticket of `kind` through `channel`, or null when it may. */
export function openingRefusal(identity: Identity, kind: TicketKind, channel: Channel, unitId?: string): string | null {
  if (identity.kind === 'resident') {
    if (channel !== Channel.APP) return 'residents open tickets through the APP channel';
    if (!unitId || !(identity.unitIds ?? []).includes(unitId)) return 'residents open tickets for their own units only';
    return null;
  }
  if (identity.kind === 'integrator') {
    return (identity.scopes ?? []).includes('tickets:write') && channel === Channel.INTEGRATION
      ? null
      : 'integrators open tickets only with the tickets:write scope and the INTEGRATION channel';
  }
  if (hasRole(identity, Role.FRONT_DESK)) return null;
  if (hasRole(identity, Role.SECURITY, Role.ENGINEER) && FIELD_STAFF_KINDS.has(kind)) return null;
  return 'your role may not register this kind of ticket';
}

/** A repair's urgency defaults to NORMAL; other kinds have none. Returns the field at fault, if any. */
export function urgencyFor(kind: TicketKind, urgency?: RepairUrgency): { urgency: RepairUrgency | null } | { invalid: string } {
  if (kind === TicketKind.REPAIR) return { urgency: urgency ?? RepairUrgency.NORMAL };
  return urgency ? { invalid: 'urgency applies to REPAIR tickets only' } : { urgency: null };
}
