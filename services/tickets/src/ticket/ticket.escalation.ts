import { type EntityManager, LockMode } from '@mikro-orm/postgresql';

import { refreshNextDeadline } from '../sla/sla.deadlines';
import { settingsOf, type TicketsSettings } from '../settings';
import { Ticket, TicketTransition } from './ticket.entity';
import { ComplaintSeverity, ComplaintValidity, TicketKind, TicketStatus } from './ticket.enums';
import { announceEscalation, type EscalationReason as Reason } from './ticket.events';

/** Makes a complaint MAJOR (and VALID), with a history note and the escalation event. */
function makeMajor(tx: EntityManager, ticket: Ticket, reason: Reason, note: string, actor: string, now: Date, settings: TicketsSettings): void {
  ticket.severity = ComplaintSeverity.MAJOR;
  ticket.validity ??= ComplaintValidity.VALID;
  refreshNextDeadline(ticket, now, settings);
  tx.create(TicketTransition, { ticketId: ticket.id, from: ticket.status, to: ticket.status, at: now, by: actor, note });
  announceEscalation(tx, ticket, reason, actor);
}

const FINISHED = [TicketStatus.CLOSED, TicketStatus.REJECTED];

/** A complaint about an incident others may have complained about too (escalateSharedIncident reads them). */
export const sharesAnIncident = (ticket: Ticket): boolean => ticket.kind === TicketKind.COMPLAINT && Boolean(ticket.incidentKey);

/**
 * When enough different residents complain about the same incident (incidentKey), every open
 * complaint about it becomes MAJOR. Runs in the transaction that registered the newest complaint.
 */
export async function escalateSharedIncident(tx: EntityManager, complaint: Ticket, actor: string, now: Date, settings: TicketsSettings): Promise<void> {
  if (!sharesAnIncident(complaint)) return;
  const related = await tx.find(Ticket, {
    propertyId: complaint.propertyId, incidentKey: complaint.incidentKey, kind: TicketKind.COMPLAINT, status: { $nin: FINISHED },
  }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const all = related.some((t) => t.id === complaint.id) ? related : [...related, complaint];
  const complainants = new Set(all.map((t) => t.reporterId).filter(Boolean));
  if (complainants.size < settings.escalation.minComplainants) return;
  for (const ticket of all.filter((t) => t.severity !== ComplaintSeverity.MAJOR)) {
    makeMajor(tx, ticket, 'MANY_COMPLAINANTS', `escalated to MAJOR: ${complainants.size} residents complained about this incident`, actor, now, settings);
  }
}

/** VALID complaints still unsolved after the configured days become MAJOR (run by the scheduler). */
export async function escalateOverdueComplaints(tx: EntityManager, now: Date, settings: TicketsSettings): Promise<number> {
  const cutoff = new Date(now.getTime() - settings.escalation.unresolvedDays * 86_400_000);
  const overdue = await tx.find(Ticket, {
    kind: TicketKind.COMPLAINT, validity: ComplaintValidity.VALID, severity: { $ne: ComplaintSeverity.MAJOR },
    resolvedAt: null, status: { $nin: FINISHED }, createdAt: { $lte: cutoff },
  }, { limit: 200, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE });
  for (const ticket of overdue) {
    makeMajor(tx, ticket, 'UNRESOLVED_TOO_LONG', `escalated to MAJOR: still unsolved after ${settings.escalation.unresolvedDays} days`, 'sla-scheduler', now, await settingsOf({ em: tx, settings }, ticket.propertyId));
  }
  return overdue.length;
}
