import { type EntityManager } from '@mikro-orm/postgresql';
import { Events, recordEvent } from '@pm/events';

import { type Ticket } from './ticket.entity';

/** Why a complaint was reported to the supervisor (the escalation event's reason). */
export type EscalationReason = 'CLASSIFIED' | 'MANY_COMPLAINANTS' | 'UNRESOLVED_TOO_LONG';

/** The facts every ticket event carries (ids and states only). */
export function ticketFacts(ticket: Ticket) {
  return {
    ticketId: ticket.id, number: ticket.number, propertyId: ticket.propertyId, kind: ticket.kind, status: ticket.status,
    unitId: ticket.unitId, reporterId: ticket.reporterId, department: ticket.department, severity: ticket.severity,
  };
}

/** Publishes the supervisor's escalation event for a MAJOR or IMPORTANT complaint. */
export function announceEscalation(tx: EntityManager, ticket: Ticket, reason: EscalationReason, actor: string): void {
  recordEvent(tx, Events.ticketEscalated, { ...ticketFacts(ticket), reason }, { aggregateId: ticket.id, actor });
}

