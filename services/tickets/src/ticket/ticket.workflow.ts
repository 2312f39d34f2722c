import { type EntityManager, LockMode } from '@mikro-orm/postgresql';
import { writeInFewerTrips } from '@pm/db';
import { AppError } from '@pm/errors';
import { Events, recordEvent } from '@pm/events';
import { canAccessProperty, type Identity, requireRole, Role } from '@pm/identity';

import { settingsOf, type TicketsSettings, type TicketsUseCase } from '../settings';

import { Ticket, TicketTransition } from './ticket.entity';
import { type ComplaintCause, ComplaintSeverity, ComplaintValidity, type Department, Satisfaction, TicketKind, TicketStatus } from './ticket.enums';
import { refreshNextDeadline, slaOf } from '../sla/sla.deadlines';
import { CALLED_BACK } from '../sla/sla.rules';
import { TicketCallback } from './ticket-callback.entity';
import { announceEscalation, ticketFacts } from './ticket.events';
import { classificationRefusal, decide, type TicketAction } from './ticket.machine';
import { TicketErrors } from '../errors';

/** ON_HOLD pauses the SLA clock: note when a hold begins, and add its length when it ends. */
function pauseClock(ticket: Ticket, from: TicketStatus, now: Date): void {
  if (from === TicketStatus.ON_HOLD && ticket.status !== TicketStatus.ON_HOLD && ticket.holdStartedAt) {
    ticket.pausedMs = Number(ticket.pausedMs) + (now.getTime() - ticket.holdStartedAt.getTime());
    ticket.holdStartedAt = null;
  }
  if (ticket.status === TicketStatus.ON_HOLD && from !== TicketStatus.ON_HOLD) ticket.holdStartedAt = now;
  if (ticket.status === TicketStatus.IN_PROGRESS) ticket.startedAt ??= now;
}

/** Loads a ticket for change, locked for the transaction; staff of other properties and residents get NOT_FOUND. */
export async function lockTicket(tx: EntityManager, identity: Identity, id: string): Promise<Ticket> {
  const ticket = await tx.findOne(Ticket, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!ticket || identity.kind !== 'staff' || !canAccessProperty(identity, ticket.propertyId)) throw AppError.notFound('Ticket', id);
  return ticket;
}

/** What one change did: its history note and the events it publishes (besides none). */
export interface Change {
  note: string | null;
  publish: (tx: EntityManager, ticket: Ticket, from: TicketStatus) => void;
}

/**
 * The one way a ticket changes, in one transaction: locked, changed by `apply` (which may refuse),
 * its next deadline refreshed, one history entry (from its status before to after), and the
 * change's events — or nothing.
 */
export function changeTicket(
  { em, identity, clock, settings: company }: TicketsUseCase,
  id: string,
  apply: (ticket: Ticket, now: Date, settings: TicketsSettings) => Change,
): Promise<Ticket> {
  // BEGIN travels with the lock, the history entry and the outbox row with the ticket's update.
  return writeInFewerTrips(() => em.transactional(async (tx) => {
    const ticket = await lockTicket(tx, identity, id);
    const settings = await settingsOf({ em: tx, settings: company }, ticket.propertyId);
    const from = ticket.status;
    const now = clock.now();
    const { note, publish } = apply(ticket, now, settings);
    refreshNextDeadline(ticket, now, settings);
    tx.create(TicketTransition, { ticketId: ticket.id, from, to: ticket.status, at: now, by: identity.name, note });
    publish(tx, ticket, from);
    return ticket;
  }));
}

/**
 * Moves a ticket by `action` in one transaction: the rule check, the change, its history entry and
 * its event, or nothing.
 */
export function moveTicket(
  ctx: TicketsUseCase,
  id: string,
  action: TicketAction,
  note: string | null,
  apply: (ticket: Ticket, now: Date, settings: TicketsSettings) => void = () => undefined,
  /** More events of the same change, recorded in the same transaction once the status moved. */
  also: (tx: EntityManager, ticket: Ticket) => void = () => undefined,
): Promise<Ticket> {
  const { identity } = ctx;
  return changeTicket(ctx, id, (ticket, now, settings) => {
    const decision = decide(identity, ticket, action);
    if ('refused' in decision) {
      throw decision.refused === 'FORBIDDEN' ? AppError.forbidden(decision.reason) : TicketErrors.invalidTransition(decision.reason);
    }
    const from = ticket.status;
    apply(ticket, now, settings);
    ticket.status = decision.to;
    pauseClock(ticket, from, now);
    return {
      note,
      publish: (tx, moved, was) => {
        recordEvent(tx, Events.ticketStatusChanged, { ...ticketFacts(moved), from: was, note }, { aggregateId: moved.id, actor: identity.sub });
        also(tx, moved);
      },
    };
  });
}

export function dispatchTicket(ctx: TicketsUseCase, id: string, department: Department, assignee?: string | null) {
  return moveTicket(ctx, id, 'DISPATCH', `dispatched to ${department}${assignee ? ` (${assignee})` : ''}`, (ticket, now) => {
    ticket.department = department;
    ticket.assignee = assignee?.trim() || null;
    ticket.dispatchedAt ??= now;
    ticket.holdUntil = null;
  });
}

export function holdTicket(ctx: TicketsUseCase, id: string, until: Date, note?: string | null) {
  if (until.getTime() <= ctx.clock.now().getTime()) throw AppError.badInput('until', "until must be in the future (the resident's appointment)");
  return moveTicket(ctx, id, 'HOLD', note?.trim() || `on hold until ${until.toISOString()}`, (ticket) => {
    ticket.holdUntil = until;
  });
}

export function startTicket(ctx: TicketsUseCase, id: string) {
  return moveTicket(ctx, id, 'START', null, (ticket) => {
    ticket.holdUntil = null;
  });
}

export function resolveTicket(ctx: TicketsUseCase, id: string, note: string, feeFen?: number | null, materials?: string | null) {
  if (!note.trim()) throw AppError.badInput('note', 'note must say how the ticket was resolved');
  if (feeFen !== undefined && feeFen !== null && (!Number.isInteger(feeFen) || feeFen < 0)) throw AppError.badInput('feeFen', 'feeFen must be a whole, non-negative number of fen');
  return moveTicket(ctx, id, 'RESOLVE', note.trim(), (ticket, now, settings) => {
    const paid = ticket.kind === TicketKind.REPAIR || ticket.serviceCode !== null;
    // A fixed patrol finding is verified on site by the end of the next working day (a setting).
    if (ticket.kind === TicketKind.PATROL_FINDING) ticket.verificationDueBy = settings.calendar.endOfWorkingDay(settings.calendar.addWorkingDays(now, settings.sla.patrolVerificationDays));
    if (feeFen && !paid) throw AppError.badInput('feeFen', 'only repairs and paid services carry a fee');
    ticket.resolvedAt = now;
    if (!CALLED_BACK.has(ticket.kind)) ticket.closedAt = now;
    ticket.resolution = note.trim();
    // A paid service charges what was quoted unless the fee says otherwise (e.g. extra units of work).
    ticket.feeFen = feeFen ?? ticket.feeFen ?? ticket.quotedFeeFen;
    ticket.materials = materials?.trim() || ticket.materials;
    ticket.holdUntil = null;
  });
}

export function rejectTicket(ctx: TicketsUseCase, id: string, note: string) {
  if (!note.trim()) throw AppError.badInput('note', 'note must explain to the resident why the ticket is rejected');
  return moveTicket(ctx, id, 'REJECT', note.trim(), (ticket, now) => {
    ticket.closedAt = now;
  });
}

/** A supervisor marks a complaint VALID (with a severity) or INVALID; recorded in the history and published. */
export function classifyComplaint(ctx: TicketsUseCase, id: string, validity: ComplaintValidity, severity?: ComplaintSeverity | null, cause?: ComplaintCause | null) {
  const { identity } = ctx;
  requireRole(identity, [Role.SUPERVISOR], 'classify complaints');
  if (validity === ComplaintValidity.VALID && !severity) throw AppError.badInput('severity', 'a VALID complaint needs a severity (MINOR, IMPORTANT or MAJOR)');
  if (validity === ComplaintValidity.INVALID && severity) throw AppError.badInput('severity', 'an INVALID complaint has no severity');
  return changeTicket(ctx, id, (ticket) => {
    if (ticket.kind !== TicketKind.COMPLAINT) throw TicketErrors.notAComplaint(ticket.number, ticket.kind);
    const refusal = classificationRefusal(ticket);
    if (refusal) throw TicketErrors.complaintSettled(ticket.number, refusal);
    ticket.validity = validity;
    ticket.severity = severity ?? null;
    if (cause) ticket.cause = cause;
    return {
      note: `classified ${validity}${severity ? ` / ${severity}` : ''}`,
      publish: (tx, classified) => {
        recordEvent(tx, Events.ticketClassified, { ...ticketFacts(classified), validity }, { aggregateId: classified.id, actor: identity.sub });
        // Major and important complaints are reported to the supervisor immediately.
        if (severity === ComplaintSeverity.MAJOR || severity === ComplaintSeverity.IMPORTANT) announceEscalation(tx, classified, 'CLASSIFIED', identity.sub);
      },
    };
  });
}

export interface CallbackInputData {
  resolved: boolean;
  satisfaction: Satisfaction;
  comment?: string | null;
}

/**
 * 回访: SATISFIED or FAIRLY_SATISFIED closes the ticket; DISSATISFIED (or not fixed) reopens it and
 * says so in the history. Every callback is kept (for the callback and satisfaction rates); one made
 * after the callback deadline is marked late.
 */
export function recordCallback(ctx: TicketsUseCase, id: string, input: CallbackInputData): Promise<Ticket> {
  const { identity } = ctx;
  requireRole(identity, [Role.FRONT_DESK], 'record callbacks');
  const reopen = input.satisfaction === Satisfaction.DISSATISFIED || !input.resolved;
  const comment = input.comment?.trim() || null;
  const note = reopen ? `callback: ${input.satisfaction}${input.resolved ? '' : ', not fixed'}, reopened${comment ? ` — ${comment}` : ''}` : `callback: ${input.satisfaction}${comment ? ` — ${comment}` : ''}`;
  let late = false;
  let at = ctx.clock.now();
  return moveTicket(ctx, id, reopen ? 'REOPEN' : 'CLOSE', note, (t, now, settings) => {
    at = now;
    const due = slaOf(t, now, settings).callbackBy;
    late = Boolean(due && due < now);
    if (reopen) {
      // The next resolution gets a callback of its own.
      t.resolvedAt = null;
      t.callbackAt = null;
    } else {
      t.callbackAt = now;
      t.closedAt = now;
    }
  }, (tx, t) => {
    const callback = tx.create(TicketCallback, {
      ticketId: t.id, propertyId: t.propertyId, kind: t.kind, at, by: identity.name, resolved: input.resolved, satisfaction: input.satisfaction, comment, late,
    });
    const payload = { ...ticketFacts(t), satisfaction: input.satisfaction, resolved: input.resolved, at: callback.at.toISOString(), late };
    recordEvent(tx, Events.ticketCallbackRecorded, payload, { aggregateId: t.id, actor: identity.sub });
  });
}
