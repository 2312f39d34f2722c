import { AppError } from '@pm/errors';

/** Every business rule the parking service refuses with CONFLICT (`extensions.reason`). */
export type ParkingConflictReason = 'NOT_A_RESIDENT' | 'ONE_SPACE_PER_HOUSEHOLD';

const conflict = (reason: ParkingConflictReason, message: string) => AppError.conflict(reason, message);

/** The parking service's refusals, one factory per rule. */
export const ParkingErrors = {
  notAResident: () => conflict('NOT_A_RESIDENT', 'Only an active owner or tenant of this unit in this property may lease a space'),
  oneSpacePerHousehold: () => conflict('ONE_SPACE_PER_HOUSEHOLD', 'This unit already holds (or waits for) a parking space: one space per household'),
};
