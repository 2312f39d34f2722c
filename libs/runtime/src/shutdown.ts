import { type Logger } from 'pino';

/** Something to close on shutdown, in registration order reversed. */
export interface Closeable {
  name: string;
  close(): Promise<void> | void;
  /** Prometheus text this resource adds to its service's `/metrics` (e.g. a scheduler's counters). */
  metrics?(): string;
}

/** Closes `resources` last-opened-first, each at most `timeoutMs`; never throws. */
export async function closeAll(resources: Closeable[], logger: Logger, timeoutMs = 10_000): Promise<void> {
  for (const resource of [...resources].reverse()) {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve(resource.close()),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      logger.debug({ resource: resource.name }, 'closed');
    } catch (error) {
      logger.warn({ resource: resource.name, err: error }, 'could not close cleanly');
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * On SIGINT/SIGTERM: stop taking work, close everything, exit. A second signal exits at once.
 * Started by a supervisor with an IPC channel (`npm start`), the same when that channel closes:
 * a supervisor killed outright (SIGKILL, a crash) leaves no orphan holding its ports.
 */
export function exitOnSignals(resources: () => Closeable[], logger: Logger): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals | 'supervisor gone') => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void closeAll(resources(), logger).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (process.connected) process.once('disconnect', () => stopping || stop('supervisor gone'));
}
