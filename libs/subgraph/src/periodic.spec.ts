import { createLogger } from '@pm/runtime';

import { PeriodicTask } from './periodic';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a periodic task', () => {
  it('runs at once, then again after each run ends, never two at once; a failure is logged and the next run comes; stopped, it runs no more', async () => {
    let running = 0;
    let overlapped = false;
    let runs = 0;
    let thirdRun!: () => void;
    const third = new Promise<void>((resolve) => (thirdRun = resolve));
    const task = new PeriodicTask('test', async () => {
      runs += 1;
      running += 1;
      overlapped ||= running > 1;
      await pause(5);
      running -= 1;
      if (runs === 3) thirdRun();
      if (runs === 2) throw new Error('second run fails');
    }, createLogger('test', 'silent'), 1).start();
    await third; // the failing second run did not stop the third
    await task.stop();
    const stoppedAt = runs;
    await pause(20);
    expect(overlapped).toBe(false);
    expect(runs).toBe(stoppedAt);
  });
});
