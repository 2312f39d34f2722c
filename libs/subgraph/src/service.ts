import { join } from 'node:path';

import { type MigrationObject, type Options } from '@mikro-orm/core';
import { runMigrationCli } from '@pm/db';
import { OutboxMessage, OutboxRelay } from '@pm/events';
import { createLogger, exitOnSignals, type Logger } from '@pm/runtime';

import { type SubgraphSchemaOptions } from './schema';
import { type RunningSubgraph, type SubgraphOptions, startSubgraph } from './server';

/** What every subgraph's environment holds (see `subgraphEnvironment`). */
export interface SubgraphEnvironment {
  LOG_LEVEL: string;
  HOST: string;
  PORT: number;
  IDENTITY_SECRET: string;
  DATABASE_URL: string;
  DATABASE_NAME: string;
  MIGRATE_ON_BOOT: boolean;
  NATS_URL: string;
}

/** A service's static parts: schema, entities, committed migrations (the outbox table included). */
export interface ServiceDefinition {
  name: string;
  schema: SubgraphSchemaOptions;
  entities: NonNullable<Options['entities']>;
  migrations: MigrationObject[];
}

/** Every service's tables: its own entities plus the transactional outbox. */
const withOutbox = (definition: ServiceDefinition) => [...(definition.entities as unknown[]), OutboxMessage] as ServiceDefinition['entities'];

/** Starts a service's subgraph from its environment, with the outbox relay publishing its events. */
export function startService(
  definition: ServiceDefinition,
  env: SubgraphEnvironment,
  logger: Logger = createLogger(definition.name, env.LOG_LEVEL),
  extraResources?: SubgraphOptions['extraResources'],
): Promise<RunningSubgraph> {
  return startSubgraph({
    name: definition.name,
    port: env.PORT,
    host: env.HOST,
    identitySecret: env.IDENTITY_SECRET,
    logger,
    ...definition.schema,
    extraResources: async (orm) => {
      const relay = new OutboxRelay({ orm, natsUrl: env.NATS_URL, logger: logger.child({ component: 'outbox-relay' }) });
      relay.start();
      return [{ name: 'outbox relay', close: () => relay.stop() }, ...((await extraResources?.(orm)) ?? [])];
    },
    database: {
      serverUrl: env.DATABASE_URL,
      dbName: env.DATABASE_NAME,
      entities: withOutbox(definition),
      migrations: definition.migrations,
      migrate: env.MIGRATE_ON_BOOT,
    },
  });
}

function fail(what: string) {
  return (error: unknown) => {
    process.stderr.write(`${what}: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  };
}

/** A service's `main`: start, then close everything on SIGINT/SIGTERM. */
export function runServiceMain<E extends SubgraphEnvironment>(
  name: string,
  loadEnvironment: () => E,
  start: (env: E, logger: Logger) => Promise<{ close(): Promise<void> }>,
): void {
  const env = loadEnvironment();
  const logger = createLogger(name, env.LOG_LEVEL);
  start(env, logger)
    .then((service) => exitOnSignals(() => [{ name, close: () => service.close() }], logger))
    .catch(fail(`${name} failed to start`));
}

/** A service's `migrate` command: `up` applies pending migrations, `create` writes a new one into `migrationsDir`. */
export function runMigrationMain(definition: ServiceDefinition, env: SubgraphEnvironment, migrationsDir: string): void {
  runMigrationCli(process.argv[2], {
    serverUrl: env.DATABASE_URL,
    dbName: env.DATABASE_NAME,
    entities: withOutbox(definition),
    migrations: definition.migrations,
    migrate: false,
    logger: createLogger(`${definition.name}-migrate`, env.LOG_LEVEL),
    migrationsPath: join(migrationsDir),
  }).catch(fail('migration failed'));
}
