import { type MikroORM } from '@mikro-orm/postgresql';

const TIMESTAMP = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(?:([+-])(\d\d)(?::?(\d\d))?(?::(\d\d))?)?$/;

/**
 * A `timestamptz` as PostgreSQL prints it (`2026-11-20 01:02:03.456789+00`, any offset) as a Date,
 * or undefined for any other text (BC years, `infinity`, a timestamp without a zone). The same
 * instant postgres-date gives (microseconds cut to milliseconds), without its general parser: a
 * page of tickets parsed three dates a row through it (issue 14).
 */
export function parseTimestamp(text: string): Date | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m || !m[8]) return undefined;
  const ms = m[7] ? Number(m[7].padEnd(3, '0').slice(0, 3)) : 0;
  const offset = (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 3600 + Number(m[10] ?? 0) * 60 + Number(m[11] ?? 0)) * 1000;
  const year = Number(m[1]);
  const utc = Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms);
  // Date.UTC reads years 0–99 as 1900–1999.
  const date = new Date(year < 100 ? new Date(utc).setUTCFullYear(year) : utc);
  date.setTime(date.getTime() - offset);
  return date;
}

/** This ORM reads timestamps with parseTimestamp, and anything else as before. */
export function enableFastTimestamps(orm: MikroORM): void {
  const platform = orm.em.getPlatform() as unknown as { parseDate(value: unknown): unknown };
  const parse = platform.parseDate.bind(platform);
  platform.parseDate = (value) => (typeof value === 'string' && parseTimestamp(value)) || parse(value);
}
