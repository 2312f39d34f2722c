import { AppError } from './app-error';

/** What a unique constraint means to the caller: the rule's reason, a sentence, and the field if one is to blame. */
export interface UniqueConstraintMeaning {
  reason: string;
  message: string;
  field?: string;
}

/** Unique constraints by name → what their violation means (a service's own rules). */
export type UniqueConstraints = Record<string, UniqueConstraintMeaning>;

/** The PostgreSQL facts of a failed statement, without the statement or its values. */
export interface DatabaseFailure {
  sqlState: string;
  constraint?: string;
  table?: string;
  column?: string;
}

/** The SQLSTATE and names of a PostgreSQL error (MikroORM copies them onto its exceptions), if `error` is one. */
export function databaseFailure(error: unknown): DatabaseFailure | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const candidate = current as { code?: unknown; constraint?: unknown; table?: unknown; column?: unknown; originalError?: unknown };
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return {
        sqlState: candidate.code,
        constraint: typeof candidate.constraint === 'string' ? candidate.constraint : undefined,
        table: typeof candidate.table === 'string' ? candidate.table : undefined,
        column: typeof candidate.column === 'string' ? candidate.column : undefined,
      };
    }
    current = candidate.originalError;
  }
  return undefined;
}

/**
 * A database refusal the caller can act on, as the error they should see: a unique violation is a
 * CONFLICT (with the constraint's reason when the service named it), bad data BAD_USER_INPUT, a
 * lost race a CONFLICT to retry. Anything else (connection lost, a bug) stays internal.
 */
export function databaseErrorToAppError(failure: DatabaseFailure, constraints: UniqueConstraints = {}): AppError | undefined {
  const { sqlState, constraint } = failure;
  if (sqlState === '23505') {
    const meaning = constraint ? constraints[constraint] : undefined;
    if (meaning) return new AppError(meaning.message, 'CONFLICT', { reason: meaning.reason, field: meaning.field });
    return AppError.conflict('ALREADY_EXISTS', 'This already exists: another record has the same name, code or number');
  }
  if (sqlState === '23503') return AppError.badInput(failure.column ?? 'input', 'The input refers to a record that does not exist');
  if (sqlState === '23502' || sqlState === '23514') return AppError.badInput(failure.column ?? 'input', 'A value is missing or out of range');
  if (sqlState.startsWith('22')) return AppError.badInput(failure.column ?? 'input', 'A value is not valid (wrong format, out of range or too long)');
  if (sqlState === '40001' || sqlState === '40P01' || sqlState === '55P03') {
    return AppError.conflict('CONCURRENT_UPDATE', 'Someone changed this at the same moment; try again');
  }
  return undefined;
}
