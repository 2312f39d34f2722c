import { AsyncLocalStorage } from 'node:async_hooks';

/** SQL statements run on behalf of one unit of work (a GraphQL request), counted. */
export interface QueryTally {
  queries: number;
}

/** What the database helpers know about the unit of work running now. */
export interface WorkScope {
  /** Where its SQL statements are counted (withQueryCount); none for background work. */
  tally?: QueryTally;
  /** Its transactions send their plain inserts together (writeInFewerTrips). */
  fewerTrips: boolean;
}

/**
 * One AsyncLocalStorage for everything libs/db follows through a unit of work. While any
 * AsyncLocalStorage is in use, Node (20) gives every promise of the process a property per storage
 * on creation: the query count and the fewer-trips scope had one each. Sharing one took the tickets
 * subgraph's allocation per request from 57 to 56.3 KB on `{ __typename }` and from 156 to 153.6 KB
 * on a page of 20 (issue 14).
 */
const scope = new AsyncLocalStorage<WorkScope>();

export const currentWork = (): WorkScope | undefined => scope.getStore();

/** Runs `work` in the current unit of work's scope with `change` applied. */
export function runInWork<T>(change: Partial<WorkScope>, work: () => T): T {
  const current = scope.getStore();
  return scope.run({ fewerTrips: current?.fewerTrips ?? false, tally: current?.tally, ...change }, work);
}
