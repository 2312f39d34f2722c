import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Personal data and credentials are never written to logs, wherever they appear in a log object. */
const REDACT = [
  'phone', 'idNumber', '*.phone', '*.idNumber', '*.*.phone', '*.*.idNumber',
  'authorization', '*.authorization', '*.*.authorization', '*["x-api-key"]', '*.*["x-api-key"]', '*["x-pm-identity"]', '*.*["x-pm-identity"]',
];

// Mainland mobiles, landlines with area code and 18-digit ID numbers, wherever they sit in free text.
const PERSONAL_NUMBERS = /(?<!\d)(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|\d{17}[\dXx])(?!\d)/g;

/** Free text with phone and ID numbers replaced, as they would be masked to a caller. */
export function redactText(text: string): string {
  return text.replace(PERSONAL_NUMBERS, '[redacted]');
}

/**
 * Errors as logs may hold them: a database error keeps only what failed where (its SQL, values and
 * "Key (phone)=(…)" detail are dropped); any other error's message and stack have personal numbers
 * redacted.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: redactText(String(error)) };
  const candidate = error as Error & { code?: unknown; constraint?: unknown; table?: unknown; column?: unknown };
  if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) {
    return { type: error.name, sqlState: candidate.code, constraint: candidate.constraint, table: candidate.table, column: candidate.column };
  }
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { type: serialized.type, message: redactText(String(serialized.message ?? '')) };
  if (typeof serialized.stack === 'string') out.stack = redactText(serialized.stack);
  if (typeof candidate.code === 'string') out.code = candidate.code;
  return out;
}

/** A structured JSON logger for one deployable (to `destination`, stdout by default). */
export function createLogger(name: string, level = 'info', destination?: DestinationStream): Logger {
  const options = { name, level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: name }, serializers: { err: serializeError, error: serializeError } };
  return destination ? pino(options, destination) : pino(options);
}
