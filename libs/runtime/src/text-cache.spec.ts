import { OperationTextCache } from './text-cache';

describe('OperationTextCache', () => {
  it('keeps values by operation name and text, the oldest going past the limit', () => {
    const cache = new OperationTextCache<number>(2);
    cache.set(undefined, '{ a }', 1);
    cache.set('A', '{ a }', 2);
    expect([cache.get(null, '{ a }'), cache.get('A', '{ a }'), cache.get('B', '{ a }')]).toEqual([1, 2, undefined]);
    // Set again, a text becomes the newest: the next one pushes out the other.
    cache.set(undefined, '{ a }', 3);
    cache.set(undefined, '{ b }', 4);
    expect([cache.get(undefined, '{ a }'), cache.get('A', '{ a }'), cache.get(undefined, '{ b }'), cache.size]).toEqual([3, undefined, 4, 2]);
    cache.delete(undefined, '{ b }');
    expect(cache.size).toBe(1);
  });

  it('keeps no text longer than its limit: a query padded to a megabyte holds nothing', () => {
    const cache = new OperationTextCache<number>(1000, 100);
    const padded = `{ a ${' '.repeat(1_000_000)}}`;
    expect(cache.set(undefined, padded, 1)).toBe(false);
    expect(cache.get(undefined, padded)).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.set(undefined, `{ a${' '.repeat(96)}}`, 2)).toBe(true);
  });
});
