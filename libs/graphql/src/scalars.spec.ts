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
  });
});

describe('cursors', () => {
  it('round-trip dates and ids, and reject foreign cursors with the field', () => {
    const at = new Date('2026-11-22T08:00:00Z');
    expect(decodeCursor(encodeCursor([at, 'id-1']), 2)).toEqual([at, 'id-1']);
    expect(() => decodeCursor('bm9wZQ', 2)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ field: 'after' }) }));
  });
});
