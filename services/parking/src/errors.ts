import { AppError } from '@pm/errors';

/** Every business rule the parking service refuses with CONFLICT (`extensions.reason`). */
export type ParkingConflictReason =
  | 'NOT_A_RESIDENT' | 'ONE_SPACE_PER_HOUSEHOLD' | 'PLATE_ALREADY_LEASED' | 'LICENCE_HOLDER_NOT_OF_HOUSEHOLD'
  | 'INVALID_TRANSITION' | 'AMOUNT_MISMATCH' | 'NO_FREE_SPACE' | 'SPACE_IN_USE' | 'NO_CHANGE'
  // From the database's unique constraints (schema.ts):
  | 'RECEIPT_USED' | 'DUPLICATE_SPACE';

const conflict = (reason: ParkingConflictReason, message: string) => AppError.conflict(reason, message);
const yuan = (fen: number) => `${(fen / 100).toFixed(2)} CNY`;

/** The parking service's refusals, one factory per rule. */
export const ParkingErrors = {
  notAResident: () => conflict('NOT_A_RESIDENT', 'Only an active owner or tenant of this unit in this property may lease a space'),
  oneSpacePerHousehold: () => conflict('ONE_SPACE_PER_HOUSEHOLD', 'This unit already holds (or waits for) a parking space: one space per household'),
  plateAlreadyLeased: (plate: string) => conflict('PLATE_ALREADY_LEASED', `${plate} already holds (or waits for) a space`),
  licenceHolderNotOfHousehold: () => conflict('LICENCE_HOLDER_NOT_OF_HOUSEHOLD', 'The driving licence must name the lease holder or a member of their household'),
  invalidTransition: (number: string, status: string, action: string) => conflict('INVALID_TRANSITION', `Lease ${number} is ${status}: it cannot ${action}`),
  amountMismatch: (dueFen: number, paidFen: number) => conflict('AMOUNT_MISMATCH', `The rent due is ${yuan(dueFen)}, not ${yuan(paidFen)}`),
  noFreeSpace: (lot: string) => conflict('NO_FREE_SPACE', `${lot} has no free space in service to assign`),
  spaceInUse: (code: string, lease: string) => conflict('SPACE_IN_USE', `Space ${code} is leased (${lease}): end the lease first`),
  noChange: (code: string, inService: boolean) => conflict('NO_CHANGE', `Space ${code} is already ${inService ? 'in service' : 'out of service'}`),
};
