import { type MikroORM } from '@mikro-orm/postgresql';

/** The number written by the two (or `width`) ASCII digits at `at`, or NaN. */
function digits(text: string, at: number, width: number): number {
  let n = 0;
  for (let i = at; i < at + width; i++) {
    const d = text.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) return NaN;
    n = n * 10 + d;
  }
  return n;
}

const char = (text: string, at: number) => text.charCodeAt(at);
const DASH = 45, SPACE = 32, COLON = 58, DOT = 46, PLUS = 43;

/**
 * A `timestamptz` as PostgreSQL prints it (`2026-11-20 01:02:03.456789+00`, any offset) as a Date,
 * or undefined for any other text (BC years, `infinity`, a timestamp without a zone). The same
 * instant postgres-date gives (microseconds cut to milliseconds), without its general parser: a
 * page of tickets parsed three dates a row through it (issue 14). Read character by character: a
 * regular expression's match (a dozen strings per timestamp) was most of its cost.
 */
export function parseTimestamp(text: string): Date | undefined {
  if (text.length < 22 || char(text, 4) !== DASH || char(text, 7) !== DASH || char(text, 10) !== SPACE || char(text, 13) !== COLON || char(text, 16) !== COLON) return undefined;
  const year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
  const hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = digits(text, 17, 2);
  let at = 19;
  let ms = 0;
  if (char(text, at) === DOT) {
    const from = ++at;
    while (at < text.length && at - from < 6 && char(text, at) >= 48 && char(text, at) <= 57) at++;
    const width = at - from;
    if (width === 0) return undefined;
    // Milliseconds: the first three digits of the fraction, padded.
    ms = digits(text, from, Math.min(width, 3)) * (width === 1 ? 100 : width === 2 ? 10 : 1);
  }
  const sign = char(text, at);
  if (sign !== PLUS && sign !== DASH) return undefined;
  let offset = digits(text, at + 1, 2) * 3600;
  at += 3;
  // Minutes and seconds of the offset, each after a colon (+05:30, +05:53:28 for local mean time).
  for (let unit = 60; at < text.length && unit >= 1; unit /= 60) {
    if (char(text, at) !== COLON) return undefined;
    offset += digits(text, at + 1, 2) * unit;
    at += 3;
  }
  if (at !== text.length || Number.isNaN(year + month + day + hour + minute + second + offset)) return undefined;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC reads years 0–99 as 1900–1999.
  const date = new Date(year < 100 ? new Date(utc).setUTCFullYear(year) : utc);
  date.setTime(date.getTime() - (sign === DASH ? -1 : 1) * offset * 1000);
  return date;
}

/** This ORM reads timestamps with parseTimestamp, and anything else as before. */
export function enableFastTimestamps(orm: MikroORM): void {
  const platform = orm.em.getPlatform() as unknown as { parseDate(value: unknown): unknown };
  const parse = platform.parseDate.bind(platform);
  platform.parseDate = (value) => (typeof value === 'string' && parseTimestamp(value)) || parse(value);
}
