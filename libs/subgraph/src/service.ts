import { join } from 'node:path';

import { type MigrationObject, type Options } from '@mikro-orm/core';
import { type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import { type Clock, systemClock } from '@pm/calendar';
import { runMigrationCli } from '@pm/db';
import { type Delivery, EventConsumer, type EventEnvelope, type EventHandler, EventSpace, InboxMessage, messagingMigrations, OutboxMessage, OutboxRelay } from '@pm/events';
import { type Closeable, createLogger, exitOnSignals, type Logger, refuseDevelopmentSecrets, startTracing } from '@pm/runtime';

import { type SubgraphSchemaOptions } from './schema';
import { type DefinedHandler } from './handlers';
import { type RunningSubgraph, startSubgraph } from './server';

/** What every subgraph's environment holds (see `subgraphEnvironment`). */
export interface SubgraphEnvironment {
  LOG_LEVEL: string;
  HOST: string;
  PORT: number;
  INTERNAL_PORT?: number;
  IDENTITY_SECRET: string;
  DATABASE_URL: string;
  DATABASE_NAME: string;
  DATABASE_READ_CONNECTIONS?: number;
  MIGRATE_ON_BOOT: boolean;
  /** Operations run once are answered again without Apollo Server's pipeline. @default true */
  PREPARED_OPERATIONS?: boolean;
  NATS_URL: string;
  /** The stack's events on NATS (libs/events EventSpace). @default pm */
  EVENT_NAMESPACE?: string;
  /** OpenTelemetry collector (OTLP/HTTP); unset, no traces are recorded. */
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  /** Copies of the event stream (3 on a 3-node JetStream cluster). */
  STREAM_REPLICAS?: number;
  /** Durable consumer name; replicas of a service share it. Defaults to the service name. */
  CONSUMER_NAME?: string;
  CONSUMER_START_AT?: string;
  CONSUMER_INACTIVE_SECONDS?: number;
}

/** What a service's moving parts share at run time: its clock and its settings (built once from its environment). */
export interface ServiceRuntime<S = unknown> {
  clock: Clock;
  settings: S;
}

/** Applies one event inside the consumer's transaction, with the service's runtime (clock, settings). */
export type ServiceEventHandler<S = unknown> = (em: EntityManager, event: EventEnvelope, runtime: ServiceRuntime<S>, delivery: Delivery) => Promise<void>;

/** A service's static parts: schema, entities, committed migrations (the outbox table included). */
export interface ServiceDefinition<S = unknown> {
  name: string;
  schema: SubgraphSchemaOptions;
  entities: NonNullable<Options['entities']>;
  migrations: MigrationObject[];
  /** Events this service reacts to (`defineHandler`), each run in a transaction with its inbox row. */
  consumes?: DefinedHandler<S>[];
}

/** A running service with its event plumbing, for tests and operations. */
export interface RunningService extends RunningSubgraph {
  relay: OutboxRelay;
  consumer?: EventConsumer;
}

/** Every service's tables: its own entities plus the outbox and the inbox. */
const withMessaging = (definition: Pick<ServiceDefinition, 'entities'>) => [...(definition.entities as unknown[]), OutboxMessage, InboxMessage] as ServiceDefinition['entities'];

/**
 * Starts a service's subgraph from its environment, with the outbox relay publishing its events and,
 * if it consumes any, a durable consumer applying them.
 */
export async function startService<S = unknown>(
  definition: ServiceDefinition<S>,
  env: SubgraphEnvironment,
  logger: Logger = createLogger(definition.name, env.LOG_LEVEL),
  extraResources?: (orm: MikroORM, runtime: ServiceRuntime<S>) => Promise<Closeable[]>,
  runtime: ServiceRuntime<S> = { clock: systemClock, settings: undefined as S },
): Promise<RunningService> {
  let relay: OutboxRelay | undefined;
  let consumer: EventConsumer | undefined;
  // The service's own resources (schedulers…), whose counters /metrics adds.
  const serviceResources: Closeable[] = [];
  const tracing = startTracing(definition.name, { endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT });
  const { tracer } = tracing;
  const running = await startSubgraph({
    tracer,
    metrics: async () => (await messagingMetrics(definition.name, relay, consumer)) + serviceResources.map((r) => r.metrics?.() ?? '').join(''),
    afterMutation: () => relay?.nudge(),
    name: definition.name,
    port: env.PORT,
    internalPort: env.INTERNAL_PORT,
    host: env.HOST,
    identitySecret: env.IDENTITY_SECRET,
    preparedOperations: env.PREPARED_OPERATIONS,
    logger,
    clock: runtime.clock,
    settings: runtime.settings,
    ...definition.schema,
    extraResources: async (orm) => {
      const space = new EventSpace(env.EVENT_NAMESPACE);
      const started = new OutboxRelay({ orm, natsUrl: env.NATS_URL, streamReplicas: env.STREAM_REPLICAS, space, tracer, logger: logger.child({ component: 'outbox-relay' }) });
      started.start();
      relay = started;
      // Closed last (resources close in reverse): the spans of everything else are flushed.
      const resources = [{ name: 'traces', close: () => tracing.shutdown() }, { name: 'outbox relay', close: () => started.stop() }];
      if (definition.consumes) {
        const handlers: Record<string, { subject: string; handle: EventHandler; when?: (event: EventEnvelope) => boolean }> = Object.fromEntries(
          definition.consumes.map(({ type, subject, handle, when }) => [type, { subject, handle: (em, event, delivery) => handle(em as EntityManager, event, runtime, delivery), when }]),
        );
        consumer = new EventConsumer({
          orm,
          natsUrl: env.NATS_URL,
          streamReplicas: env.STREAM_REPLICAS,
          space,
          tracer,
          name: env.CONSUMER_NAME ?? definition.name,
          handlers,
          logger: logger.child({ component: 'consumer' }),
          startAt: env.CONSUMER_START_AT ? new Date(env.CONSUMER_START_AT) : undefined,
          inactiveThresholdMs: env.CONSUMER_INACTIVE_SECONDS ? env.CONSUMER_INACTIVE_SECONDS * 1000 : undefined,
        });
        consumer.start();
        const own = consumer;
        resources.push({ name: 'event consumer', close: () => own.stop() });
      }
      const own = (await extraResources?.(orm, runtime)) ?? [];
      serviceResources.push(...own);
      return [...resources, ...own];
    },
    database: {
      serverUrl: env.DATABASE_URL,
      dbName: env.DATABASE_NAME,
      readConnections: env.DATABASE_READ_CONNECTIONS,
      entities: withMessaging(definition),
      migrations: [...messagingMigrations, ...definition.migrations],
      migrate: env.MIGRATE_ON_BOOT,
    },
  });
  return { ...running, relay: relay!, consumer };
}

/** Outbox and consumer lag as Prometheus gauges and counters. */
async function messagingMetrics(service: string, relay?: OutboxRelay, consumer?: EventConsumer): Promise<string> {
  const lines: string[] = [];
  const metric = (name: string, type: string, help: string, value: number) =>
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name}{service="${service}"} ${value}`);
  if (relay) {
    const stats = await relay.stats();
    metric('pm_outbox_pending', 'gauge', 'Events written but not yet published', stats.pending);
    metric('pm_outbox_oldest_pending_seconds', 'gauge', 'Age of the oldest unpublished event (outbox lag)', stats.oldestPendingAgeMs / 1000);
    metric('pm_outbox_published_total', 'counter', 'Events published by this process', stats.published);
    metric('pm_outbox_failures_total', 'counter', 'Failed publish attempts', stats.failures);
  }
  if (consumer) {
    const stats = await consumer.stats().catch(() => undefined);
    if (stats) {
      metric('pm_consumer_pending', 'gauge', 'Events not yet handled by this service (consumer lag)', stats.pending);
      metric('pm_consumer_handled_total', 'counter', 'Events handled', stats.handled);
      metric('pm_consumer_duplicates_total', 'counter', 'Redelivered events skipped by the inbox', stats.duplicates);
      metric('pm_consumer_skipped_total', 'counter', 'Events acknowledged without a transaction (of no concern to their handler)', stats.skipped);
      metric('pm_consumer_dead_lettered_total', 'counter', 'Events sent to the dead-letter subject', stats.deadLettered);
    }
  }
  return `${lines.join('\n')}\n`;
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
  try {
    refuseDevelopmentSecrets(env as unknown as { NODE_ENV: string } & Record<string, unknown>, ['IDENTITY_SECRET']);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
  const logger = createLogger(name, env.LOG_LEVEL);
  start(env, logger)
    .then((service) => exitOnSignals(() => [{ name, close: () => service.close() }], logger))
    .catch(fail(`${name} failed to start`));
}

/** A service's `migrate` command: `up` applies pending migrations, `create` writes a new one into `migrationsDir`. */
export function runMigrationMain<S>(definition: ServiceDefinition<S>, env: SubgraphEnvironment, migrationsDir: string): void {
  runMigrationCli(process.argv[2], {
    serverUrl: env.DATABASE_URL,
    dbName: env.DATABASE_NAME,
    entities: withMessaging(definition),
    migrations: [...messagingMigrations, ...definition.migrations],
    migrate: false,
    logger: createLogger(`${definition.name}-migrate`, env.LOG_LEVEL),
    migrationsPath: join(migrationsDir),
  }).catch(fail('migration failed'));
}
