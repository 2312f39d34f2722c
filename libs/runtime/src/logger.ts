import pino, { type Logger } from 'pino';

export type { Logger };

/** Personal data and credentials are never written to logs, wherever they appear in a log object. */
const REDACT = [
  'phone', 'idNumber', '*.phone', '*.idNumber', '*.*.phone', '*.*.idNumber',
  'authorization', '*.authorization', '*.*.authorization', '*["x-api-key"]', '*.*["x-api-key"]', '*["x-pm-identity"]', '*.*["x-pm-identity"]',
];

/** A structured JSON logger for one deployable. */
export function createLogger(name: string, level = 'info'): Logger {
  return pino({ name, level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: name } });
}
