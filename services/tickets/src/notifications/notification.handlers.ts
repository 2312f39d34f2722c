import { Events, type EventDefinition, type PayloadOf } from '@pm/events';
import { defineHandler } from '@pm/subgraph';

import { settingsOf, type TicketsSettings } from '../settings';
import { queueNotifications } from './notify';

/** An event whose notices this service writes: the property and unit it is about are in its payload. */
function notifyOn<D extends EventDefinition>(definition: D, when?: (payload: PayloadOf<D>) => boolean) {
  return defineHandler<D, TicketsSettings>(definition, async (em, payload, { settings, event, clock, receivedAt }) => {
    const { propertyId, unitId } = payload as { propertyId: string; unitId?: string | null };
    // Deadlines in the message are written in the property's own calendar.
    await queueNotifications(em, event, propertyId, unitId ?? null, await settingsOf({ em, settings }, propertyId), clock.now(), receivedAt);
  }, when ? { when } : {});
}

/** tickets.ticket.sla_breached → the supervisor. */
export const breachNotices = notifyOn(Events.ticketSlaBreached);
/** tickets.ticket.escalated → the supervisor (and the project manager for a MAJOR complaint). */
export const escalationNotices = notifyOn(Events.ticketEscalated);
/** tickets.ticket.opened of an EMERGENCY repair → the engineers and the supervisor (the others are not read at all). */
export const emergencyRepairNotices = notifyOn(Events.ticketOpened, (p) => p.kind === 'REPAIR' && p.urgency === 'EMERGENCY');
/** tickets.ticket.extension_requested → the supervisor and the project manager, who decide. */
export const extensionRequestNotices = notifyOn(Events.ticketExtensionRequested);
