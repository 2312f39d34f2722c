import { LazyCountConnection } from './connection';

describe('LazyCountConnection', () => {
  const edges = [{ cursor: 'c1', node: { id: 'a' } }];
  const pageInfo = { hasNextPage: false, endCursor: 'c1' };

  it('counts only when totalCount is read, and only once', async () => {
    const count = jest.fn(async () => 7);
    const page = new LazyCountConnection(edges, pageInfo, count);
    expect(page.edges).toBe(edges);
    expect(page.pageInfo).toBe(pageInfo);
    expect(count).not.toHaveBeenCalled();
    await expect(page.totalCount).resolves.toBe(7);
    await expect(page.totalCount).resolves.toBe(7);
    expect(count).toHaveBeenCalledTimes(1);
  });

  it('keeps its accessor on the prototype, not on each answer', () => {
    // An own accessor per answer (an object literal's `get totalCount()`) kept each request alive
    // until a full collection (LazyCountConnection's comment).
    const page = new LazyCountConnection(edges, pageInfo, async () => 0);
    const own = Object.getOwnPropertyDescriptors(page);
    expect(Object.values(own).filter((d) => d.get || d.set)).toEqual([]);
    expect(Object.getOwnPropertyDescriptor(LazyCountConnection.prototype, 'totalCount')?.get).toBeInstanceOf(Function);
  });
});
