import { type GraphQLFormattedError } from 'graphql';

import { ErrorCode } from './codes';
import { databaseErrorToAppError, databaseFailure, type UniqueConstraints } from './database-errors';

/** A class-validator failure as type-graphql reports it. */
interface ValidationFailure {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationFailure[];
}

/** Walks nested class-validator errors to the first failing leaf, naming it as a path (`units[0].code`). */
export function firstValidationFailure(
  failures: ValidationFailure[],
  prefix = '',
): { field: string; message: string } | undefined {
  for (const failure of failures) {
    const isIndex = /^\d+$/.test(failure.property);
    const field = isIndex ? `${prefix}[${failure.property}]` : prefix ? `${prefix}.${failure.property}` : failure.property;
    const constraint = failure.constraints && Object.values(failure.constraints)[0];
    if (constraint) return { field, message: constraint.replace(failure.property, field) };
    const nested = firstValidationFailure(failure.children ?? [], field);
    if (nested) return nested;
  }
  return undefined;
}

const known = new Set<string>(Object.values(ErrorCode));

/**
 * The input field a variable-coercion error is about: `Variable "$input" got invalid value "x" at
 * "input.ownerConfirmation.at"` → `ownerConfirmation.at` (an input object's fields are named on their
 * own, as class-validator names them); `Variable "$until" …` → `until`.
 */
export function variableField(message: string): string | undefined {
  const match = /^Variable "\$(\w+)" (?:got invalid value .*? at "([^"]+)"|got invalid value|of (?:required|non-null) type)/.exec(message);
  if (!match) return undefined;
  const [, variable, path] = match;
  if (!path) return variable;
  const rest = path.split('.').slice(1).join('.').replace(/\.(\d+)(?=\.|$)/g, '[$1]');
  return variable === 'input' && rest ? rest : path.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}
const passThrough = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE', 'QUERY_TOO_COMPLEX']);

/**
 * The one place errors are shaped for clients: argument validation becomes BAD_USER_INPUT with the
 * field, our own codes pass through, anything else is logged and hidden behind a generic message.
 * Stack traces never leave the server.
 */
export function formatGraphQLError(
  formatted: GraphQLFormattedError,
  onInternal: (formatted: GraphQLFormattedError, original: unknown) => void,
  original?: unknown,
  options: { constraints?: UniqueConstraints } = {},
): GraphQLFormattedError {
  const extensions = { ...(formatted.extensions ?? {}) };
  delete extensions.stacktrace;
  delete extensions.exception;
  delete extensions.http;
  const code = String(extensions.code ?? '');
  const validationErrors = extensions.validationErrors as ValidationFailure[] | undefined;
  if (validationErrors) {
    const failure = firstValidationFailure(validationErrors);
    return {
      message: failure ? `Invalid value for ${failure.field}: ${failure.message}` : 'Invalid input',
      path: formatted.path,
      extensions: { code: ErrorCode.BadUserInput, ...(failure ? { field: failure.field } : {}) },
    };
  }
  if (code === ErrorCode.BadUserInput && !extensions.field) {
    const field = variableField(formatted.message);
    if (field) extensions.field = field;
  }
  if (known.has(code) && code !== ErrorCode.Internal) return { ...formatted, extensions };
  if (passThrough.has(code)) return { ...formatted, extensions };
  const failure = databaseFailure((original as { originalError?: unknown } | undefined)?.originalError ?? original);
  if (failure) {
    const mapped = databaseErrorToAppError(failure, options.constraints);
    if (mapped) return { message: mapped.message, path: formatted.path, extensions: mapped.extensions };
    // The statement and its values (a resident's phone…) never reach the log: only what failed where.
    onInternal({ message: `database error ${failure.sqlState}`, path: formatted.path }, failure);
    return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.Internal } };
  }
  onInternal(formatted, original);
  return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.Internal } };
}
