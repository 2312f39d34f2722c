export { AppError } from './app-error';
export { ErrorCode } from './codes';
export { firstValidationFailure, formatGraphQLError } from './format-error';
