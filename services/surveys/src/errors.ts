import { AppError } from '@pm/errors';

/** Every business rule the surveys service refuses with CONFLICT (`extensions.reason`). */
export type SurveysConflictReason =
  | 'INVALID_TRANSITION' | 'SURVEY_NOT_OPEN' | 'NOT_DISTRIBUTED' | 'NO_OCCUPIED_UNITS'
  // From the database's unique constraints (schema.ts):
  | 'ALREADY_ANSWERED';

const conflict = (reason: SurveysConflictReason, message: string) => AppError.conflict(reason, message);

/** The surveys service's refusals, one factory per rule. */
export const SurveysErrors = {
  invalidTransition: (title: string, status: string, action: string) => conflict('INVALID_TRANSITION', `Survey “${title}” is ${status}: it cannot ${action}`),
  notOpen: (title: string, why: string) => conflict('SURVEY_NOT_OPEN', `Survey “${title}” is not taking answers: ${why}`),
  notDistributed: (code: string) => conflict('NOT_DISTRIBUTED', `The survey was not distributed to unit ${code}`),
  alreadyAnswered: (code: string) => conflict('ALREADY_ANSWERED', `Unit ${code} has already answered this survey`),
  noOccupiedUnits: () => conflict('NO_OCCUPIED_UNITS', 'No occupied unit to distribute to (the unit directory fills from residents within seconds)'),
};
