/** Raised into a subscription whose client fell too far behind. */
export class QueueOverflowError extends Error {
  constructor(readonly limit: number) {
    super(`More than ${limit} changes were waiting for this client`);
    this.name = 'QueueOverflowError';
  }
}

/**
 * An async queue holding at most `limit` items for one slow reader; pushing past the limit fails the
 * reader (so one slow board never holds memory or delays the others).
 */
export class BoundedQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private waiting?: (result: IteratorResult<T>) => void;
  private failed?: Error;
  private closed = false;

  constructor(private readonly limit: number, private readonly onOverflow: () => void = () => undefined) {}

  push(item: T): void {
    if (this.closed || this.failed) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: item, done: false });
      return;
    }
    if (this.items.length >= this.limit) {
      this.failed = new QueueOverflowError(this.limit);
      this.items.length = 0;
      this.onOverflow();
      return;
    }
    this.items.push(item);
  }

  close(): void {
    this.closed = true;
    this.waiting?.({ value: undefined, done: true });
    this.waiting = undefined;
  }

  /** The oldest waiting item without waiting for one (undefined when none waits, or the reader failed). */
  take(): T | undefined {
    return this.failed ? undefined : this.items.shift();
  }

  get size(): number {
    return this.items.length;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.failed) return Promise.reject(this.failed);
        const item = this.items.shift();
        if (item !== undefined) return Promise.resolve({ value: item, done: false });
        if (this.closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (this.waiting = resolve));
      },
      return: () => {
        this.close();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
