import { NO_DEADLINE, type Ticket } from '../ticket/ticket.entity';
import { TicketStatus } from '../ticket/ticket.enums';
import { computeSla, respondedAt, type Sla, SlaBreachKind } from './sla.rules';
import { type TicketsSettings } from '../settings';

/** The SLA of a ticket as of `now`, from the configured settings and calendar. */
export function slaOf(ticket: Ticket, now: Date, settings: Pick<TicketsSettings, 'sla' | 'calendar'>): Sla {
  return computeSla({ ...ticket, pausedMs: Number(ticket.pausedMs) }, settings.sla, settings.calendar, now);
}

/** Whether the event a deadline waits for has happened. */
function met(ticket: Ticket, kind: SlaBreachKind): boolean {
  const done = ticket.resolvedAt ?? ticket.closedAt;
  switch (kind) {
    case SlaBreachKind.DISPATCH:
      return Boolean(ticket.dispatchedAt ?? done);
    case SlaBreachKind.RESPONSE:
      return Boolean(respondedAt(ticket));
    case SlaBreachKind.RESOLUTION:
      return Boolean(done);
    case SlaBreachKind.CALLBACK:
      return Boolean(ticket.callbackAt);
  }
}

/**
 * Sets `nextDeadlineAt`, the earliest deadline neither met nor already reported (what the breach
 * scheduler waits for), and `dueAt`, the earliest not met, reported or not (what the desk sorts
 * by): none while the clock is paused (ON_HOLD) or the ticket is finished. Call after every change
 * to the ticket.
 */
export function refreshNextDeadline(ticket: Ticket, now: Date, settings: Pick<TicketsSettings, 'sla' | 'calendar'>): void {
  if (ticket.status === TicketStatus.ON_HOLD || ticket.status === TicketStatus.CLOSED || ticket.status === TicketStatus.REJECTED) {
    ticket.nextDeadlineAt = null;
    ticket.dueAt = NO_DEADLINE;
    return;
  }
  const sla = slaOf(ticket, now, settings);
  const pending: [SlaBreachKind, Date | null][] = [
    [SlaBreachKind.DISPATCH, sla.dispatchBy], [SlaBreachKind.RESPONSE, sla.respondBy],
    [SlaBreachKind.RESOLUTION, sla.resolveBy], [SlaBreachKind.CALLBACK, sla.callbackBy],
  ];
  const unmet = pending.filter(([kind, deadline]) => deadline && !met(ticket, kind));
  const earliest = (deadlines: typeof unmet) => deadlines.map(([, deadline]) => deadline!.getTime()).sort((a, b) => a - b)[0];
  const next = earliest(unmet.filter(([kind]) => !ticket.slaBreaches.includes(kind)));
  const due = earliest(unmet);
  ticket.nextDeadlineAt = next === undefined ? null : new Date(next);
  // Assigned only when it moves: an unchanged Date object of equal time is no change to flush.
  if (ticket.dueAt?.getTime() !== (due ?? NO_DEADLINE.getTime())) ticket.dueAt = due === undefined ? NO_DEADLINE : new Date(due);
}
