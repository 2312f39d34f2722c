import { BoundedQueue, QueueOverflowError } from './bounded-queue';

describe('BoundedQueue', () => {
  it('hands items to a waiting reader in order', async () => {
    const queue = new BoundedQueue<number>(3);
    const iterator = queue[Symbol.asyncIterator]();
    const first = iterator.next();
    queue.push(1);
    queue.push(2);
    expect(await first).toEqual({ value: 1, done: false });
    expect(await iterator.next()).toEqual({ value: 2, done: false });
  });

  it('fails a reader that lets more than the limit pile up, and says so once', async () => {
    let overflows = 0;
    const queue = new BoundedQueue<number>(2, () => (overflows += 1));
    [1, 2, 3, 4].forEach((n) => queue.push(n));
    await expect(queue[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(QueueOverflowError);
    expect(overflows).toBe(1);
  });
});
