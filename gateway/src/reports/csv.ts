import { DEFAULT_CALENDAR } from '@pm/calendar';

/** Text a spreadsheet would run as a formula (=, +, -, @, tab, CR first), unless it is a plain number. */
const FORMULA = /^[=+\-@\t\r]/;
const NUMBER = /^[-+]?\d+(\.\d+)?%?$/;

/**
 * One CSV cell: text that would start a formula gets a leading apostrophe (OWASP's advice against
 * CSV injection: a resident's name `=HYPERLINK(…)` stays text); quoted when it holds a comma, quote
 * or line break (RFC 4180).
 */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA.test(text) && !NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A CSV document for spreadsheets: UTF-8 with a byte-order mark (so Excel reads the Chinese text)
 * and CRLF line ends.
 */
export function toCsv(header: string[], rows: unknown[][]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}

/** Fen as yuan with two decimals, e.g. 12345 → "123.45". */
export const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? '' : (fen / 100).toFixed(2));

/** Local (China) time's offset from UTC, ms: the business calendar's. */
export const LOCAL_OFFSET_MS = DEFAULT_CALENDAR.utcOffsetMinutes * 60_000;

/** An ISO instant in local (China) time, `YYYY-MM-DD HH:MM`. */
export const chinaTime = (iso: string | null | undefined) =>
  iso ? new Date(Date.parse(iso) + LOCAL_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ') : '';

/** A rate as a percentage with one decimal, e.g. 0.9512 → "95.1%". */
export const percent = (rate: number | null | undefined) => (rate === null || rate === undefined ? '' : `${(rate * 100).toFixed(1)}%`);
