import { LockMode } from '@mikro-orm/postgresql';
import { AppError } from '@pm/errors';
import { Events, recordEvent } from '@pm/events';
import { canAccessProperty, requireRole, Role } from '@pm/identity';

import { TicketErrors } from '../errors';
import { settingsOf, type TicketsUseCase } from '../settings';
import { refreshNextDeadline, slaOf } from '../sla/sla.deadlines';
import { DeadlineExtension, type Ticket, TicketTransition } from './ticket.entity';
import { type ComplaintCause, ExtensionStatus, TicketKind, TicketStatus } from './ticket.enums';
import { ticketFacts } from './ticket.events';
import { changeTicket, lockTicket } from './ticket.workflow';

const FINISHED: ReadonlySet<TicketStatus> = new Set([TicketStatus.RESOLVED, TicketStatus.CLOSED, TicketStatus.REJECTED]);
const text = (value: string | null | undefined) => value?.trim() || null;

function requireComplaint(ticket: Ticket): void {
  if (ticket.kind !== TicketKind.COMPLAINT) throw TicketErrors.notAComplaint(ticket.number, ticket.kind);
}

/**
 * 明确答复: the definite answer given to a complainant. It meets the answer deadline a MAJOR
 * complaint has (2 working days by default) while the complaint itself may take longer to solve.
 */
export function answerComplaint(ctx: TicketsUseCase, id: string, answer: string): Promise<Ticket> {
  const { identity } = ctx;
  requireRole(identity, [Role.FRONT_DESK], 'answer complaints');
  const given = text(answer);
  if (!given) throw AppError.badInput('answer', 'answer must say what the resident was told');
  return changeTicket(ctx, id, (ticket, now) => {
    requireComplaint(ticket);
    if (ticket.status === TicketStatus.CLOSED || ticket.status === TicketStatus.REJECTED) throw TicketErrors.finished(ticket.number, ticket.status);
    if (ticket.answeredAt) throw TicketErrors.alreadyAnswered(ticket.number, ticket.answeredAt);
    ticket.answer = given;
    ticket.answeredAt = now;
    return {
      note: `definite answer: ${given}`,
      publish: (tx, answered) => recordEvent(tx, Events.ticketAnswered, { ...ticketFacts(answered), at: now.toISOString() }, { aggregateId: answered.id, actor: identity.sub }),
    };
  });
}

/**
 * 超时申请: whoever handles a ticket asks to run over its resolution deadline, with a reason and the
 * deadline they can keep. The ticket keeps its deadline until a supervisor or the manager approves.
 */
export function requestDeadlineExtension(ctx: TicketsUseCase, id: string, until: Date, reason: string): Promise<DeadlineExtension> {
  const { em, identity, clock } = ctx;
  const why = text(reason);
  if (!why) throw AppError.badInput('reason', 'reason must say why the deadline cannot be kept');
  return em.transactional(async (tx) => {
    const ticket = await lockTicket(tx, identity, id);
    const now = clock.now();
    if (FINISHED.has(ticket.status)) throw TicketErrors.finished(ticket.number, ticket.status);
    const current = slaOf(ticket, now, await settingsOf({ em: tx, settings: ctx.settings }, ticket.propertyId)).resolveBy;
    if (!current) throw TicketErrors.noDeadline(ticket.number);
    if (until.getTime() <= current.getTime()) throw AppError.badInput('until', `until must be after the current resolution deadline (${current.toISOString()})`);
    if (await tx.count(DeadlineExtension, { ticketId: ticket.id, status: ExtensionStatus.PENDING })) throw TicketErrors.extensionPending(ticket.number);
    const extension = tx.create(DeadlineExtension, {
      ticketId: ticket.id, propertyId: ticket.propertyId, until, previousDeadline: current, reason: why, requestedBy: identity.name, requestedAt: now,
    });
    tx.create(TicketTransition, { ticketId: ticket.id, from: ticket.status, to: ticket.status, at: now, by: identity.name, note: `asked to extend the resolution deadline to ${until.toISOString()}: ${why}` });
    recordEvent(tx, Events.ticketExtensionRequested, { ...ticketFacts(ticket), extensionId: extension.id, until: until.toISOString() }, { aggregateId: ticket.id, actor: identity.sub });
    return extension;
  });
}

/**
 * A supervisor or the project manager answers an extension request. Approved, the new deadline
 * replaces the rule's in the ticket's SLA and in the breach scheduler; either way the answer is
 * kept on the request and in the ticket's history, with who gave it.
 */
export function decideDeadlineExtension(ctx: TicketsUseCase, id: string, approve: boolean, note?: string | null): Promise<DeadlineExtension> {
  const { em, identity, clock } = ctx;
  requireRole(identity, [Role.SUPERVISOR, Role.PROJECT_MANAGER], 'approve deadline extensions');
  const said = text(note);
  if (!approve && !said) throw AppError.badInput('note', 'note must say why the extension is refused');
  return em.transactional(async (tx) => {
    const extension = await tx.findOne(DeadlineExtension, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!extension || !canAccessProperty(identity, extension.propertyId)) throw AppError.notFound('DeadlineExtension', id);
    if (extension.status !== ExtensionStatus.PENDING) throw TicketErrors.extensionDecided(extension.status);
    const ticket = await lockTicket(tx, identity, extension.ticketId);
    const now = clock.now();
    if (approve && (ticket.status === TicketStatus.CLOSED || ticket.status === TicketStatus.REJECTED)) throw TicketErrors.finished(ticket.number, ticket.status);
    extension.status = approve ? ExtensionStatus.APPROVED : ExtensionStatus.REFUSED;
    extension.decidedBy = identity.name;
    extension.decidedAt = now;
    extension.decisionNote = said;
    const until = extension.until.toISOString();
    if (approve) {
      ticket.extendedUntil = extension.until;
      refreshNextDeadline(ticket, now, await settingsOf({ em: tx, settings: ctx.settings }, ticket.propertyId));
      recordEvent(tx, Events.ticketDeadlineExtended, {
        ...ticketFacts(ticket), extensionId: extension.id, until, previousDeadline: extension.previousDeadline?.toISOString() ?? null,
      }, { aggregateId: ticket.id, actor: identity.sub });
    }
    tx.create(TicketTransition, {
      ticketId: ticket.id, from: ticket.status, to: ticket.status, at: now, by: identity.name,
      note: approve ? `resolution deadline extended to ${until}${said ? `: ${said}` : ''}` : `extension to ${until} refused: ${said}`,
    });
    return extension;
  });
}

export interface CorrectiveActionData {
  cause: ComplaintCause;
  remedy: string;
  measure: string;
  verifiedBy?: string | null;
}

/**
 * 纠正措施报告: a complaint's cause, what was done for the resident, what changes so it does not
 * happen again and, once checked, who verified it. Recorded (and corrected) by a supervisor.
 */
export function recordCorrectiveAction(ctx: TicketsUseCase, id: string, input: CorrectiveActionData): Promise<Ticket> {
  const { identity } = ctx;
  requireRole(identity, [Role.SUPERVISOR], 'record corrective actions');
  const remedy = text(input.remedy);
  const measure = text(input.measure);
  if (!remedy) throw AppError.badInput('remedy', 'remedy must say what was done for the resident');
  if (!measure) throw AppError.badInput('measure', 'measure must say what changes so it does not happen again');
  return changeTicket(ctx, id, (ticket, now) => {
    requireComplaint(ticket);
    ticket.cause = input.cause;
    ticket.remedy = remedy;
    ticket.correctiveMeasure = measure;
    const verifier = text(input.verifiedBy);
    if (verifier) {
      ticket.correctionVerifiedBy = verifier;
      ticket.correctionVerifiedAt = now;
    }
    return { note: `corrective action (${input.cause}): ${measure}${verifier ? `, verified by ${verifier}` : ''}`, publish: () => undefined };
  });
}
