import { systemClock, TestClock } from './clock';

describe('clocks', () => {
  it('a test clock stands still until moved', () => {
    const clock = new TestClock('2026-11-22T08:00:00Z');
    expect(clock.now().toISOString()).toBe('2026-11-22T08:00:00.000Z');
    expect(clock.advance(90 * 60_000).toISOString()).toBe('2026-11-22T09:30:00.000Z');
    expect(clock.set('2027-01-01T00:00:00Z').toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('the system clock reads the wall clock', () => {
    expect(Math.abs(systemClock.now().getTime() - Date.now())).toBeLessThan(1000);
  });
});
