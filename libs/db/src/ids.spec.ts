import { newId } from './ids';

describe('newId', () => {
  it('is a version-7 UUID that sorts by creation time', () => {
    const a = newId(1_700_000_000_000);
    const b = newId(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
  });

  it('stays strictly increasing within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => newId(1_800_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('newId randomness', () => {
  it('gives every id 62 bits of its own, across refills of its pool of random bytes', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => newId(1_900_000_000_000 + i));
    const tails = new Set(ids.map((id) => id.slice(19)));
    expect(tails.size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The random part is not stuck: each of its hex digits takes many values.
    for (let i = 20; i < 36; i++) if (i !== 23) expect(new Set(ids.map((id) => id[i])).size).toBeGreaterThan(8);
  });
});
