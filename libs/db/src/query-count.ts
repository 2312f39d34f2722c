import { AsyncLocalStorage } from 'node:async_hooks';

import { type MikroORM } from '@mikro-orm/postgresql';

/** SQL statements run on behalf of one unit of work (a GraphQL request), counted. */
export interface QueryTally {
  queries: number;
}

const scope = new AsyncLocalStorage<QueryTally>();

/** Runs `work` counting every SQL statement it causes (through any ORM counted with `countQueries`). */
export function withQueryCount<T>(tally: QueryTally, work: () => T): T {
  return scope.run(tally, work);
}

/** Counts one statement sent around the ORM (compiled reads) into the current unit of work's tally. */
export function countStatement(): void {
  const tally = scope.getStore();
  if (tally) tally.queries += 1;
}

/** Counts this ORM's statements into the tally of the unit of work that runs them (background work is not counted). */
export function countQueries(orm: MikroORM): void {
  orm.em.getConnection().getKnex().on('query', () => {
    const tally = scope.getStore();
    if (tally) tally.queries += 1;
  });
}
