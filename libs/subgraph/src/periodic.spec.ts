import { createLogger } from '@pm/runtime';

import { PeriodicTask } from './periodic';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a periodic task', () => {
  it('runs at once, then again after each run ends, never two at once; a failure is logged and the next run comes', async () => {
    let running = 0;
    let overlapped = false;
    let runs = 0;
    const task = new PeriodicTask('test', async () => {
      runs += 1;
      running += 1;
      overlapped ||= running > 1;
      await pause(15);
      running -= 1;
      if (runs === 2) throw new Error('second run fails');
    }, createLogger('test', 'silent'), 5).start();
    await pause(120);
    await task.stop();
    const stoppedAt = runs;
    await pause(40);
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(overlapped).toBe(false);
    expect(runs).toBe(stoppedAt);
  });
});
