import { decodeCursor, encodeCursor } from './keyset';
import fc from 'fast-check';

import { DateScalar, DateTimeScalar, isIsoDate, isoInstant } from './scalars';

describe('scalars', () => {
  it('accepts real calendar dates only', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-2-1')).toBe(false);
    expect(() => DateScalar.parseValue('2026-13-01')).toThrow(/YYYY-MM-DD/);
  });

  it('prints every instant as toISOString does, invalid dates included', () => {
    fc.assert(fc.property(fc.oneof(fc.date({ noInvalidDate: true }), fc.integer({ min: Date.UTC(1990, 0), max: Date.UTC(2100, 0) }).map((ms) => new Date(ms))), (date) => expect(isoInstant(date)).toBe(date.toISOString())), { numRuns: 5_000 });
    for (const at of ['0999-12-31T23:59:59.999Z', '1000-01-01T00:00:00.000Z', '2028-02-29T00:00:00.001Z', '9999-12-31T23:59:59.999Z']) expect(isoInstant(new Date(at))).toBe(at);
    expect(() => isoInstant(new Date(NaN))).toThrow(RangeError);
  });

  it('parses and prints DateTime as ISO-8601', () => {
    const at = DateTimeScalar.parseValue('2026-10-01T09:30:00+08:00');
    expect(DateTimeScalar.serialize(at)).toBe('2026-10-01T01:30:00.000Z');
    expect(() => DateTimeScalar.parseValue('yesterday')).toThrow(/ISO-8601/);
    // Date.parse would roll these over to 2 March and the next day (issue 9).
    expect(() => DateTimeScalar.parseValue('2027-02-30T10:00:00Z')).toThrow(/ISO-8601/);
    expect(() => DateTimeScalar.parseValue('2026-11-22T24:00:00Z')).toThrow(/ISO-8601/);
    expect(DateTimeScalar.serialize(DateTimeScalar.parseValue('2026-11-22T09:30Z'))).toBe('2026-11-22T09:30:00.000Z');
  });
});

describe('cursors', () => {
  it('round-trip dates and ids, and reject foreign cursors with the field', () => {
    const at = new Date('2026-11-22T08:00:00Z');
    expect(decodeCursor(encodeCursor([at, 'id-1']), 2)).toEqual([at, 'id-1']);
    expect(() => decodeCursor('bm9wZQ', 2)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ field: 'after' }) }));
    for (const forged of [[{ d: 'not a date' }, 'x'], [{ d: '2027-02-30T00:00:00.000Z' }, 'x'], [{}, 'x'], ['a\u0000', 'x'], [[1, 2], 'x']]) {
      expect(() => decodeCursor(Buffer.from(JSON.stringify(forged)).toString('base64url'), 2)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ field: 'after' }) }));
    }
  });
});
