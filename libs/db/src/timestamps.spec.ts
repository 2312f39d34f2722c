import fc from 'fast-check';
import parsePostgresDate from 'postgres-date';

import { parseTimestamp } from './timestamps';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

describe('parseTimestamp', () => {
  it('gives the instant postgres-date gives for every timestamptz PostgreSQL prints', () => {
    const printed = fc.record({
      year: fc.integer({ min: 1, max: 9999 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }),
      hour: fc.integer({ min: 0, max: 23 }), minute: fc.integer({ min: 0, max: 59 }), second: fc.integer({ min: 0, max: 59 }),
      micros: fc.option(fc.integer({ min: 1, max: 999_999 }), { nil: undefined }),
      offset: fc.record({ sign: fc.constantFrom('+', '-'), hours: fc.integer({ min: 0, max: 14 }), minutes: fc.constantFrom(undefined, 0, 30, 45) }),
    }).map(({ year, month, day, hour, minute, second, micros, offset }) => {
      // PostgreSQL leaves trailing zeros of the fraction out.
      const fraction = micros === undefined ? '' : `.${pad(micros, 6).replace(/0+$/, '')}`;
      return `${pad(year, 4)}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute)}:${pad(second)}${fraction}${offset.sign}${pad(offset.hours)}${offset.minutes === undefined ? '' : `:${pad(offset.minutes)}`}`;
    });
    fc.assert(fc.property(printed, (text) => {
      expect([text, parseTimestamp(text)?.getTime()]).toEqual([text, (parsePostgresDate(text) as Date).getTime()]);
    }), { numRuns: 5_000 });
  });

  it('leaves what is not a zoned timestamp to postgres-date', () => {
    for (const text of ['infinity', '-infinity', '2026-11-20 01:02:03', '0044-03-15 12:00:00+00 BC', '2026-11-20', 'garbage', '2026-11-20 01:02:03.+00',
      '2026-11-20 01:02:03.1234567+00', '2026-11-20 01:02:0x+00', '12026-11-20 01:02:03+00', '2026-11-20 01:02:03+0', '2026-11-20 01:02:03+05:30x', '2026-11-20T01:02:03+00', '2026-11-20 01:02:03-0330', '2026-11-20 01:02:03+01:02:03:04']) {
      expect([text, parseTimestamp(text)]).toEqual([text, undefined]);
    }
  });

  it('reads offsets with minutes and seconds as postgres-date does', () => {
    for (const text of ['1900-01-01 00:00:00+05:53:28', '2026-11-20 01:02:03.5-03:30', '2026-11-20 01:02:03.05+14', '0001-01-01 00:00:00+00']) {
      expect([text, parseTimestamp(text)?.getTime()]).toEqual([text, (parsePostgresDate(text) as Date).getTime()]);
    }
  });
});
