import { bucketQuantile, EventLoopDelay, histogramBuckets, LabelledHistogram } from './metrics';

describe('a histogram by stage, and quantiles read back from its text', () => {
  it('counts each value in every bucket at or above it, per label value', () => {
    const lag = new LabelledHistogram('pm_lag_seconds', 'Lag.', 'stage', [0.01, 0.1, 1]);
    for (const seconds of [0.005, 0.01, 0.05, 0.5, 3]) lag.observe('sent', seconds);
    lag.observe('arrived', 0.002);
    const text = lag.render();
    expect(text).toContain('# TYPE pm_lag_seconds histogram');
    expect([...histogramBuckets(text, 'pm_lag_seconds', 'stage="sent"')]).toEqual([[0.01, 2], [0.1, 3], [1, 4], [Infinity, 5]]);
    expect([...histogramBuckets(text, 'pm_lag_seconds', 'stage="arrived"')]).toEqual([[0.01, 1], [0.1, 1], [1, 1], [Infinity, 1]]);
    expect(text).toMatch(/^pm_lag_seconds_sum\{stage="sent"\} 3\.565$/m);
    expect(text).toMatch(/^pm_lag_seconds_count\{stage="sent"\} 5$/m);
  });

  it('a quantile is the upper bound of the bucket holding it, among what was observed between two readings', () => {
    const lag = new LabelledHistogram('pm_lag_seconds', 'Lag.', 'stage', [0.01, 0.1, 1]);
    for (let i = 0; i < 100; i++) lag.observe('sent', 0.5);
    const before = histogramBuckets(lag.render(), 'pm_lag_seconds', 'stage="sent"');
    for (let i = 0; i < 98; i++) lag.observe('sent', 0.005);
    lag.observe('sent', 0.05);
    lag.observe('sent', 7);
    const after = histogramBuckets(lag.render(), 'pm_lag_seconds', 'stage="sent"');
    expect(bucketQuantile(before, after, 0.5)).toBe(0.01);
    expect(bucketQuantile(before, after, 0.99)).toBe(0.1);
    expect(bucketQuantile(before, after, 1)).toBe(Infinity);
    expect(bucketQuantile(after, after, 0.5)).toBeNaN();
  });
});

describe('the event loop delay', () => {
  it('counts how late its timer ran while the loop was kept busy', async () => {
    const delay = new EventLoopDelay('test', 5);
    try {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const busyUntil = performance.now() + 60;
      while (performance.now() < busyUntil) {
        // The loop is kept from its timers for 60 ms.
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      const buckets = histogramBuckets(delay.metrics(), 'pm_event_loop_delay_seconds', 'service="test"');
      const observed = buckets.get(Infinity)!;
      expect(observed).toBeGreaterThanOrEqual(3);
      // At least the one run after the busy stretch was 50 ms late or more; most were not.
      expect(observed - buckets.get(0.05)!).toBeGreaterThanOrEqual(1);
      expect(buckets.get(0.02)!).toBeGreaterThanOrEqual(1);
    } finally {
      delay.close();
    }
  });
});
