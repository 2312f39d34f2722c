import { type MikroORM } from '@mikro-orm/postgresql';

import { currentWork, type QueryTally, runInWork } from './work-scope';

export { type QueryTally } from './work-scope';

/** Runs `work` counting every SQL statement it causes (through any ORM counted with `countQueries`). */
export function withQueryCount<T>(tally: QueryTally, work: () => T): T {
  return runInWork({ tally }, work);
}

/** Counts one statement sent around the ORM (compiled reads) into the current unit of work's tally. */
export function countStatement(): void {
  const tally = currentWork()?.tally;
  if (tally) tally.queries += 1;
}

/** Counts this ORM's statements into the tally of the unit of work that runs them (background work is not counted). */
export function countQueries(orm: MikroORM): void {
  orm.em.getConnection().getKnex().on('query', countStatement);
}
