import { AppError } from '@pm/errors';

/** Every business rule the tickets service refuses with CONFLICT (`extensions.reason`). */
export type TicketConflictReason =
  | 'INVALID_TRANSITION' | 'NOT_A_COMPLAINT' | 'COMPLAINT_SETTLED'
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
};
