import { decodeCursor, encodeCursor } from './keyset';
import { DateScalar, DateTimeScalar, isIsoDate } from './scalars';

describe('scalars', () => {
  it('accepts real calendar dates only', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-2-1')).toBe(false);
    expect(() => DateScalar.parseValue('2026-13-01')).toThrow(/YYYY-MM-DD/);
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
