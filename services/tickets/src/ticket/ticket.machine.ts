import { hasRole, type Identity, Role } from '@pm/identity';

import { CALLED_BACK } from '../sla/sla.rules';
import { Department, TicketKind, TicketStatus } from './ticket.enums';

/** What can happen to a ticket. */
export type TicketAction = 'DISPATCH' | 'START' | 'HOLD' | 'RESOLVE' | 'REJECT' | 'CLOSE' | 'REOPEN';

/** From each status, the actions allowed and where they lead (受理 → 派单 → 处理 → 完成 → 回访). */
const TRANSITIONS: Record<TicketStatus, Partial<Record<TicketAction, TicketStatus>>> = {
  [TicketStatus.NEW]: { DISPATCH: TicketStatus.DISPATCHED, RESOLVE: TicketStatus.RESOLVED, REJECT: TicketStatus.REJECTED },
  [TicketStatus.DISPATCHED]: { DISPATCH: TicketStatus.DISPATCHED, START: TicketStatus.IN_PROGRESS, HOLD: TicketStatus.ON_HOLD, RESOLVE: TicketStatus.RESOLVED, REJECT: TicketStatus.REJECTED },
  [TicketStatus.IN_PROGRESS]: { DISPATCH: TicketStatus.DISPATCHED, HOLD: TicketStatus.ON_HOLD, RESOLVE: TicketStatus.RESOLVED },
  [TicketStatus.ON_HOLD]: { START: TicketStatus.IN_PROGRESS, DISPATCH: TicketStatus.DISPATCHED, RESOLVE: TicketStatus.RESOLVED },
  [TicketStatus.RESOLVED]: { CLOSE: TicketStatus.CLOSED, REOPEN: TicketStatus.IN_PROGRESS },
  [TicketStatus.CLOSED]: {},
  [TicketStatus.REJECTED]: {},
};

/** Field staff work only tickets dispatched to their own department. */
const FIELD_DEPARTMENT: Partial<Record<Role, Department>> = {
  [Role.ENGINEER]: Department.ENGINEERING,
  [Role.SECURITY]: Department.SECURITY,
};

export interface TicketFacts {
  status: TicketStatus;
  kind: TicketKind;
  department: Department | null;
  validity: string | null;
}

export type Decision = { to: TicketStatus } | { refused: 'INVALID_TRANSITION' | 'FORBIDDEN'; reason: string };

/** Who may take `action`: the desk anything it may; field staff their department's work; a supervisor rejects. */
function roleRefusal(identity: Identity, action: TicketAction, ticket: TicketFacts): string | null {
  if (action === 'REJECT') {
    if (!hasRole(identity, Role.SUPERVISOR)) return 'only a supervisor may reject a ticket';
    if (ticket.kind === TicketKind.COMPLAINT && ticket.validity !== 'INVALID') return 'a complaint is rejected only after a supervisor classified it INVALID';
    return null;
  }
  if (hasRole(identity, Role.FRONT_DESK)) return null;
  if (action === 'START' || action === 'HOLD' || action === 'RESOLVE') {
    const own = identity.roles.map((role) => FIELD_DEPARTMENT[role]).filter(Boolean);
    if (ticket.department && own.includes(ticket.department)) return null;
    return own.length ? `you work tickets dispatched to ${own.join(', ')} only` : 'your role may not work tickets';
  }
  return 'your role may not do this';
}

/** The pure state machine: where `action` takes a ticket, or why it may not. */
export function decide(identity: Identity, ticket: TicketFacts, action: TicketAction): Decision {
  const to = TRANSITIONS[ticket.status][action];
  if (!to) return { refused: 'INVALID_TRANSITION', reason: `A ${ticket.status} ticket cannot be ${ACTION_PAST[action]}` };
  const refusal = roleRefusal(identity, action, ticket);
  if (refusal) return { refused: 'FORBIDDEN', reason: refusal };
  // Inquiries, patrol findings and rectifications get no callback: resolving them finishes them.
  if (action === 'RESOLVE' && !CALLED_BACK.has(ticket.kind)) return { to: TicketStatus.CLOSED };
  return { to };
}

const ACTION_PAST: Record<TicketAction, string> = {
  DISPATCH: 'dispatched', START: 'started', HOLD: 'put on hold', RESOLVE: 'resolved', REJECT: 'rejected', CLOSE: 'closed', REOPEN: 'reopened',
};

/** Statuses a ticket can still move from. */
export const OPEN_STATUSES = Object.entries(TRANSITIONS).filter(([, next]) => Object.keys(next).length).map(([status]) => status as TicketStatus);

/** Why a complaint may not be (re)classified now, or null: a rejected or closed complaint is settled. */
export function classificationRefusal(ticket: Pick<TicketFacts, 'status' | 'kind'>): string | null {
  if (ticket.kind !== TicketKind.COMPLAINT) return `a ${ticket.kind} is not a complaint`;
  if (ticket.status === TicketStatus.REJECTED || ticket.status === TicketStatus.CLOSED) return `a ${ticket.status} complaint is settled and cannot be classified again`;
  return null;
}
