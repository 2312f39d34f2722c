import { AppError } from '@pm/errors';

/** Every business rule the renovation service refuses with CONFLICT (`extensions.reason`). */
export type RenovationConflictReason =
  | 'INVALID_TRANSITION' | 'MISSING_DOCUMENTS' | 'GOVERNMENT_APPROVAL_REQUIRED' | 'FEES_UNPAID' | 'AMOUNT_MISMATCH' | 'ALREADY_PAID'
  | 'RENOVATION_IN_PROGRESS' | 'APPLICANT_NOT_AUTHORISED' | 'WORKER_PASSES_UNPAID' | 'OWNER_NOT_NOTIFIED_FIRST' | 'FIRE_ACCEPTANCE_REQUIRED'
  | 'REFUND_NOT_DUE' | 'ALREADY_REFUNDED' | 'SIGNATURES_REQUIRED' | 'OWNER_CONSENT_REQUIRED' | 'NOT_REQUIRED'
  // From the database's unique constraints (schema.ts):
  | 'RECEIPT_USED';

const conflict = (reason: RenovationConflictReason, message: string) => AppError.conflict(reason, message);

/** The renovation service's refusals, one factory per rule. */
export const RenovationErrors = {
  invalidTransition: (number: string, status: string, action: string) => conflict('INVALID_TRANSITION', `Application ${number} is ${status}: it cannot ${action}`),
  missingDocuments: (missing: string[]) => conflict('MISSING_DOCUMENTS', `Documents still missing: ${missing.join(', ')}`),
  governmentApprovalRequired: (items: string[]) => conflict('GOVERNMENT_APPROVAL_REQUIRED', `Government approval is needed first for: ${items.join(', ')}`),
  feesUnpaid: (dueFen: number) => conflict('FEES_UNPAID', `Fees of ${(dueFen / 100).toFixed(2)} CNY are unpaid: the cashier records the payment before a permit is issued`),
  amountMismatch: (dueFen: number, paidFen: number) => conflict('AMOUNT_MISMATCH', `The fees due are ${(dueFen / 100).toFixed(2)} CNY, not ${(paidFen / 100).toFixed(2)} CNY`),
  alreadyPaid: (number: string) => conflict('ALREADY_PAID', `The fees of application ${number} are already paid`),
  renovationInProgress: (number: string) => conflict('RENOVATION_IN_PROGRESS', `The unit already has a renovation under way (${number})`),
  applicantNotAuthorised: (kind: string) => conflict('APPLICANT_NOT_AUTHORISED', `A ${kind.toLowerCase().replace('_', ' ')} may apply only with the owner's power of attorney (ownerAuthorised)`),
  workerPassesUnpaid: (paid: number, asked: number) => conflict('WORKER_PASSES_UNPAID', `${asked} worker passes asked for, ${paid} paid for`),
  ownerNotNotifiedFirst: () => conflict('OWNER_NOT_NOTIFIED_FIRST', 'The owner is told of a serious violation before the contractor (整改通知书: owner first)'),
  fireAcceptanceRequired: () => conflict('FIRE_ACCEPTANCE_REQUIRED', 'An office unit needs the fire-acceptance receipt (消防验收回执) before the completion inspection'),
  refundNotDue: (dueOn: string) => conflict('REFUND_NOT_DUE', `The deposit is refundable from ${dueOn}`),
  alreadyRefunded: (number: string) => conflict('ALREADY_REFUNDED', `The deposit of application ${number} has already been refunded`),
  signaturesRequired: (missing: string[]) => conflict('SIGNATURES_REQUIRED', `The refund needs the signatures of: ${missing.join(', ')}`),
  ownerConsentRequired: () => conflict('OWNER_CONSENT_REQUIRED', 'The contractor asked for the refund: the owner must agree'),
  notRequired: (item: string) => conflict('NOT_REQUIRED', `This application has no ${item} work needing government approval`),
};
