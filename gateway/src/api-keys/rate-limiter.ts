/**
 * Token buckets, one per API key: `perMinute` requests a minute on average, bursts up to a tenth of
 * that (at least 5). Each gateway replica keeps its own buckets.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** Whether one more request of `key` fits; if not, how many ms until it would. */
  take(key: string, perMinute: number, now = Date.now()): { allowed: true } | { allowed: false; retryAfterMs: number } {
    const burst = Math.max(5, Math.ceil(perMinute / 10));
    const perMs = perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / perMs) };
  }
}
