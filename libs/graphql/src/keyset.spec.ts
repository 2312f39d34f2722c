import fc from 'fast-check';

import { afterCursor, type SortKey } from './keyset';

type Row = Record<string, number>;

/** What a filter of afterCursor means for one row (its operators only). */
function matches(filter: Record<string, unknown>, row: Row): boolean {
  return Object.entries(filter).every(([key, value]) => {
    if (key === '$and') return (value as Record<string, unknown>[]).every((f) => matches(f, row));
    if (key === '$or') return (value as Record<string, unknown>[]).some((f) => matches(f, row));
    const [[op, bound]] = Object.entries(value as Record<string, number>);
    const v = row[key];
    return op === '$gt' ? v > bound : op === '$lt' ? v < bound : op === '$gte' ? v >= bound : v <= bound;
  });
}

/** Whether `row` comes after `cursor` in `order` (lexicographic, each key in its direction). */
function comesAfter(order: SortKey<Row>[], cursor: number[], row: Row): boolean {
  for (const [i, [field, direction]] of order.entries()) {
    if (row[field] === cursor[i]) continue;
    return direction === 'asc' ? row[field] > cursor[i] : row[field] < cursor[i];
  }
  return false;
}

describe('afterCursor', () => {
  it('selects exactly the rows after the cursor in the page order, for any keys and directions', () => {
    const fields = ['a', 'b', 'c'];
    const value = fc.integer({ min: 0, max: 3 });
    fc.assert(fc.property(
      fc.array(fc.constantFrom<'asc' | 'desc'>('asc', 'desc'), { minLength: 1, maxLength: 3 }),
      fc.array(value, { minLength: 3, maxLength: 3 }),
      fc.array(fc.array(value, { minLength: 3, maxLength: 3 }), { maxLength: 40 }),
      (directions, cursor, rows) => {
        const order = directions.map((d, i): SortKey<Row> => [fields[i], d]);
        const filter = afterCursor(order, cursor.slice(0, order.length)) as Record<string, unknown>;
        for (const values of rows) {
          const row = Object.fromEntries(fields.map((f, i) => [f, values[i]]));
          expect(matches(filter, row)).toBe(comesAfter(order, cursor, row));
        }
      },
    ), { numRuns: 2_000 });
  });

  it('bounds the first key on its own, so an index on it starts at the cursor', () => {
    expect(afterCursor<{ createdAt: Date; id: string }>([['createdAt', 'desc'], ['id', 'desc']], ['T', 'I'])).toEqual({
      $and: [{ createdAt: { $lte: 'T' } }, { $or: [{ createdAt: { $lt: 'T' } }, { id: { $lt: 'I' } }] }],
    });
  });
});
