import { type Logger } from '@pm/runtime';

/**
 * Runs `work` at once and then `intervalMs` after each run ends — never two runs at once; a failed
 * run is logged and the next one comes on time. `stop()` cancels the next run and waits for the
 * current one. What a service's schedulers (SLA breaches, renovation decisions, lease expiry) run on.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly work: () => Promise<unknown>,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): this {
    const tick = () => {
      this.running = this.work()
        .catch((error: unknown) => this.logger.error({ err: error, task: this.name }, `${this.name} failed`))
        .then(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
