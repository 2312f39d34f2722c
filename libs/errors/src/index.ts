export { AppError } from './app-error';
export { ErrorCode } from './codes';
export { firstValidationFailure, formatGraphQLError } from './format-error';
export { databaseErrorToAppError, databaseFailure } from './database-errors';
export type { DatabaseFailure, UniqueConstraintMeaning, UniqueConstraints } from './database-errors';
