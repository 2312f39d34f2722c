import { dropDatabase } from '@pm/db';
import { type Identity } from '@pm/identity';

import { asCaller } from './client';
import { serviceTestEnvironment, testInfrastructure } from './environment';

interface Started {
  url: string;
  close(): Promise<void>;
}

/** One subgraph under test, in this process, on its own fresh database. */
export interface TestSubgraph<S extends Started> {
  service: S;
  url: string;
  /** A client calling the subgraph as `identity`. */
  as(identity: Identity): ReturnType<typeof asCaller>;
  /** Stops the service and drops its database. */
  stop(): Promise<void>;
}

/**
 * Boots a subgraph with `start(env)` on a new database (migrated at start), for one test suite.
 * `parse` is the service's environment schema, so tests exercise the same validation as production.
 */
export async function startTestSubgraph<E, S extends Started>(
  name: string,
  parse: (source: Record<string, string>) => E,
  start: (env: E) => Promise<S>,
  extra: Record<string, string> = {},
): Promise<TestSubgraph<S>> {
  const source = serviceTestEnvironment(name, extra);
  const service = await start(parse(source));
  return {
    service,
    url: service.url,
    as: (identity) => asCaller(service.url, identity),
    async stop() {
      await service.close();
      await dropDatabase(testInfrastructure().databaseUrl, source.DATABASE_NAME);
    },
  };
}
