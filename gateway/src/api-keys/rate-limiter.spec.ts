import { RateLimiter } from './rate-limiter';

describe('API key rate limits', () => {
  it('integrator: a burst passes, the next request waits, the bucket refills with time', () => {
    const limiter = new RateLimiter();
    const results = Array.from({ length: 7 }, () => limiter.take('k', 60, 0));
    expect(results.filter((r) => r.allowed)).toHaveLength(6);
    expect(results[6]).toEqual({ allowed: false, retryAfterMs: 1000 });
    expect(limiter.take('k', 60, 1000).allowed).toBe(true);
    expect(limiter.take('other', 60, 0).allowed).toBe(true);
  });
});
