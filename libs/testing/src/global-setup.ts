import { findNats, findPostgres } from '@pm/infra';

import { configuredInfrastructure, publishInfrastructure, testRunId } from './environment';

/**
 * Finds PostgreSQL and NATS once per jest run. The test command (deploy/local/src/test.ts) normally
 * did that already and passed DATABASE_URL / NATS_URL; running jest directly still works against
 * local servers. Embedded servers are left to the test command, which can stop them afterwards.
 */
export default async function globalSetup(): Promise<void> {
  const configured = configuredInfrastructure();
  const pg = await findPostgres({ url: configured.databaseUrl, dataDir: '.data/test-postgres', log: () => undefined });
  const nats = await findNats({ url: configured.natsUrl, dataDir: '.data/test-nats' });
  publishInfrastructure(pg.url, nats.url);
  // Names this run's event streams (its workers inherit it), so its teardown deletes only its own.
  testRunId();
}
