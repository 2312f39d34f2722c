import { randomBytes } from 'node:crypto';

/** The secret test gateways and subgraphs share. */
export const TEST_IDENTITY_SECRET = 'test-identity-secret-0123456789';

/** DATABASE_URL / NATS_URL as given to the test run, if any. */
export function configuredInfrastructure(): { databaseUrl?: string; natsUrl?: string } {
  return { databaseUrl: process.env.DATABASE_URL, natsUrl: process.env.NATS_URL };
}

/** Hands the servers found by the global setup to the test workers (they inherit the environment). */
export function publishInfrastructure(databaseUrl: string, natsUrl: string): void {
  process.env.DATABASE_URL = databaseUrl;
  process.env.NATS_URL = natsUrl;
}

/** Where the test run's PostgreSQL and NATS are (set by the jest global setup). */
export function testInfrastructure(): { databaseUrl: string; natsUrl: string } {
  const databaseUrl = process.env.DATABASE_URL;
  const natsUrl = process.env.NATS_URL;
  if (!databaseUrl || !natsUrl) throw new Error('DATABASE_URL / NATS_URL unset: run tests through `npm test` or jest with the shared preset');
  return { databaseUrl, natsUrl };
}

/** Every test stack's event namespace starts so: `test_<run>_<file>` (libs/events EventSpace). */
export const TEST_NAMESPACE_PREFIX = 'test_';

/** The jest run's id in test namespaces, set by the global setup and inherited by its workers. */
export function testRunId(): string {
  process.env.PM_TEST_RUN ??= randomBytes(3).toString('hex');
  return process.env.PM_TEST_RUN;
}

let fileNamespace: string | undefined;

/**
 * This test file's event namespace on the test NATS (modules load once per test file): every
 * service and gateway it starts publishes and consumes on a stream of its own (testEventSpace), so
 * suites running side by side never handle or wait behind each other's events. The global teardown
 * deletes the run's streams. (This module stays free of @pm/events: the global set-up loads it, and
 * entities' metadata registered there would belong to another realm than the tests'.)
 */
export function testNamespace(): string {
  fileNamespace ??= `${TEST_NAMESPACE_PREFIX}${testRunId()}_${randomBytes(4).toString('hex')}`;
  return fileNamespace;
}

/** A database name no other suite uses: `pm_test_<service>_<random>`. */
export function uniqueDatabaseName(service: string): string {
  return `pm_test_${service}_${randomBytes(5).toString('hex')}`;
}

/** Environment variables for a service under test: its own fresh database, a free port, quiet logs. */
export function serviceTestEnvironment(service: string, extra: Record<string, string> = {}): Record<string, string> {
  const { databaseUrl, natsUrl } = testInfrastructure();
  const databaseName = uniqueDatabaseName(service);
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    DATABASE_NAME: databaseName,
    // Each suite's consumers are its own, see only what happens from now on, and vanish after it.
    CONSUMER_NAME: databaseName,
    CONSUMER_START_AT: new Date(Date.now() - 5_000).toISOString(),
    CONSUMER_INACTIVE_SECONDS: '60',
    NATS_URL: natsUrl,
    EVENT_NAMESPACE: testNamespace(),
    IDENTITY_SECRET: TEST_IDENTITY_SECRET,
    ...extra,
  };
}
