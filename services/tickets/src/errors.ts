import { AppError } from '@pm/errors';

/** Every business rule the tickets service refuses with CONFLICT (`extensions.reason`). */
export type TicketConflictReason =
  | 'INVALID_TRANSITION' | 'NOT_A_COMPLAINT' | 'COMPLAINT_SETTLED'
  | 'ALREADY_ANSWERED' | 'TICKET_FINISHED' | 'NO_DEADLINE' | 'EXTENSION_PENDING' | 'EXTENSION_DECIDED'
  | 'NOT_A_PATROL_FINDING' | 'NOT_FIXED_YET' | 'ALREADY_VERIFIED'
  // From the database's unique constraints (schema.ts):
  | 'ALREADY_OPENED' | 'CONCURRENT_UPDATE';

const conflict = (reason: TicketConflictReason, message: string) => AppError.conflict(reason, message);

/** The tickets service's refusals, one factory per rule. */
export const TicketErrors = {
  /** The state machine does not allow this move from the ticket's status (the reason says which). */
  invalidTransition: (why: string) => conflict('INVALID_TRANSITION', why),
  notAComplaint: (number: string, kind: string) => conflict('NOT_A_COMPLAINT', `Ticket ${number} is a ${kind}, not a complaint`),
  /** A rejected or closed complaint is not classified again. */
  complaintSettled: (number: string, why: string) => conflict('COMPLAINT_SETTLED', `Ticket ${number}: ${why}`),
  alreadyAnswered: (number: string, at: Date) => conflict('ALREADY_ANSWERED', `Complaint ${number} was already given its definite answer at ${at.toISOString()}`),
  /** Resolved, closed or rejected: nothing is left to answer or extend. */
  finished: (number: string, status: string) => conflict('TICKET_FINISHED', `Ticket ${number} is ${status}`),
  notAPatrolFinding: (number: string, kind: string) => conflict('NOT_A_PATROL_FINDING', `Ticket ${number} is a ${kind}, not a patrol finding`),
  notFixedYet: (number: string, status: string) => conflict('NOT_FIXED_YET', `Patrol finding ${number} is ${status}: it is verified once it has been fixed`),
  alreadyVerified: (number: string, at: Date) => conflict('ALREADY_VERIFIED', `Patrol finding ${number} was verified at ${at.toISOString()}`),
  noDeadline: (number: string) => conflict('NO_DEADLINE', `Ticket ${number} has no resolution deadline to extend`),
  extensionPending: (number: string) => conflict('EXTENSION_PENDING', `Ticket ${number} already has an extension waiting for approval`),
  extensionDecided: (status: string) => conflict('EXTENSION_DECIDED', `This extension was already ${status.toLowerCase()}`),
};
