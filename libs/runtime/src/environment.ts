import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { z } from 'zod';

/** Raised when configuration is invalid; lists every problem, not just the first. */
export class EnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvironmentError';
  }
}

/** Validates `source` against `schema`, returning a frozen typed object or throwing with every problem. */
export function parseEnvironment<T extends z.ZodTypeAny>(schema: T, source: Record<string, string | undefined>): Readonly<z.infer<T>> {
  const result = schema.safeParse(source);
  if (!result.success) {
    throw new EnvironmentError(
      result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
    );
  }
  return Object.freeze(result.data);
}

/** Like parseEnvironment, but for a process entry point: prints every problem and exits. */
export function loadEnvironment<T extends z.ZodTypeAny>(schema: T, source: Record<string, string | undefined>): Readonly<z.infer<T>> {
  try {
    return parseEnvironment(schema, source);
  } catch (error) {
    if (!(error instanceof EnvironmentError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

const DEV_SECRET = 'dev-only-identity-secret-change-me';

/** Reads a boolean flag written as true/false/1/0. */
export const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
    .optional()
    .transform((value) => (value === undefined ? fallback : value === 'true' || value === '1'));

/** `nats://host:port`, or several comma-separated (a cluster's servers). */
export const natsUrls = z.string().refine(
  (value) => value.split(',').every((part) => /^(nats|tls):\/\/[^\s,/]+:\d+\/?$/.test(part.trim())),
  { message: 'must be nats://host:port, or several separated by commas' },
);

/**
 * The stack's event namespace on NATS (libs/events EventSpace): subjects `<namespace>.…` on the
 * stream `<NAMESPACE>_EVENTS`. Every service and gateway of one stack share it; stacks sharing a NATS
 * server keep apart by it.
 */
export const EVENT_NAMESPACE_PATTERN = /^[a-z][a-z0-9_]{0,31}$/;
/** The platform's own: subjects `pm.<service>.<aggregate>.<event>` on the stream PM_EVENTS (DESIGN.md). */
export const DEFAULT_EVENT_NAMESPACE = 'pm';
export const eventNamespace = z.string().regex(EVENT_NAMESPACE_PATTERN, 'must be a lower-case identifier of at most 32 characters').default(DEFAULT_EVENT_NAMESPACE);

/** Settings every deployable reads. */
export const commonEnvironment = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('0.0.0.0'),
  /** OpenTelemetry collector (OTLP over HTTP) to export traces to, e.g. http://otel-collector:4318; unset, none are recorded. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  /** Shared secret the gateway signs the caller's identity with; subgraphs verify it. */
  IDENTITY_SECRET: z.string().min(16, 'must be at least 16 characters').default(DEV_SECRET),
};

/** Settings of a subgraph: where its database and the event backbone are. */
export const serviceEnvironment = {
  ...commonEnvironment,
  /** Server to use; the service's own database name replaces the path. */
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/postgres'),
  /** Pipelined connections for list pages' and references' reads, beside the ORM's pool (libs/db read-pool.ts). */
  DATABASE_READ_CONNECTIONS: z.coerce.number().int().min(1).max(32).default(2),
  /** One NATS server, or a cluster's as a comma-separated list (clients fail over between them). */
  NATS_URL: natsUrls.default('nats://127.0.0.1:4222'),
  /** The stack's events on NATS: `pm` is the platform's own (subjects pm.…, stream PM_EVENTS). */
  EVENT_NAMESPACE: eventNamespace,
  /** Copies of the event stream the cluster keeps (3 on a 3-node JetStream cluster); an existing stream with fewer is raised to this. */
  STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  /** Operators' port for /healthz, /readyz and /metrics (never the public one); default PORT + 5000. */
  INTERNAL_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  MIGRATE_ON_BOOT: booleanFlag(true),
  /** Operations already run once are answered again without Apollo Server's request pipeline (libs/subgraph prepared.ts). */
  PREPARED_OPERATIONS: booleanFlag(true),
  /** Durable consumer name (replicas share it); defaults to the service name. */
  CONSUMER_NAME: z.string().regex(/^[A-Za-z0-9_-]+$/).optional(),
  /** Where a new durable consumer starts (ISO time); default: the stream's first event. */
  CONSUMER_START_AT: z.string().datetime({ offset: true }).optional(),
  /** Let the server drop a durable consumer idle this long (seconds); for tests. */
  CONSUMER_INACTIVE_SECONDS: z.coerce.number().int().positive().optional(),
};

/** Rejects the development secret in production. */
export function productionSecrets<T extends { NODE_ENV: string; IDENTITY_SECRET: string }>(env: T, ctx: z.RefinementCtx): void {
  if (env.NODE_ENV === 'production' && env.IDENTITY_SECRET === DEV_SECRET) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['IDENTITY_SECRET'], message: 'must be set in production' });
  }
}

/** Whether a secret is one of the fixed development defaults written in this repository. */
export const isDevelopmentSecret = (value: string): boolean => value.startsWith('dev-only-');

/**
 * A server's start refuses the repository's fixed secrets outside tests (anyone could forge tokens
 * with them); `npm start` generates its own into `.data/secrets.json`.
 */
export function refuseDevelopmentSecrets(env: { NODE_ENV: string } & Record<string, unknown>, names: string[]): void {
  if (env.NODE_ENV === 'test') return;
  const fixed = names.filter((name) => typeof env[name] === 'string' && isDevelopmentSecret(env[name] as string));
  if (!fixed.length) return;
  throw new EnvironmentError(fixed.map((name) => `${name}: is the repository's development default; set a secret of your own (npm start generates one into .data/secrets.json)`));
}

/** The environment schema of a subgraph: the shared settings, its port and database, plus its own. */
export function subgraphEnvironment<S extends z.ZodRawShape = Record<never, never>>(defaults: { port: number; database: string }, own: S = {} as S) {
  return z
    .object({
      ...serviceEnvironment,
      PORT: z.coerce.number().int().min(0).max(65535).default(defaults.port),
      DATABASE_NAME: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case identifier').default(defaults.database),
    })
    .extend(own)
    .superRefine((env, ctx) => productionSecrets(env as { NODE_ENV: string; IDENTITY_SECRET: string }, ctx));
}

/** What `npm start` writes to `.data/stack.json` for the tools run beside it. */
export interface LocalStack {
  DATABASE_URL?: string;
  NATS_URL?: string;
  /** Its databases are `<prefix>_<service>` (`pm_tickets`, …). */
  DATABASE_PREFIX?: string;
  /** Its events' namespace on NATS (the prefix). */
  EVENT_NAMESPACE?: string;
  /** Its gateway's GraphQL endpoint (http). */
  GATEWAY_URL?: string;
}

/**
 * The environment of a command-line tool run beside `npm start`: where DATABASE_URL, NATS_URL,
 * DATABASE_NAME (of `service`) or GATEWAY_URL are not set, the ones the running stack uses
 * (written by `npm start` to `.data/stack.json`, found from the working directory up, or in
 * PM_DATA_DIR) — an embedded PostgreSQL's password and a second stack's database prefix included.
 */
export function withLocalStack(source: Record<string, string | undefined>, service?: string): Record<string, string | undefined> {
  const candidates = source.PM_DATA_DIR ? [join(source.PM_DATA_DIR, 'stack.json')] : [];
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    candidates.push(join(dir, '.data', 'stack.json'));
    if (dirname(dir) === dir) break;
  }
  const file = candidates.find((path) => existsSync(path));
  if (!file) return source;
  const stack = JSON.parse(readFileSync(file, 'utf8')) as LocalStack;
  // A stack's database names only hold for its own server: with DATABASE_URL set, the tool's own defaults apply.
  const sameServer = !source.DATABASE_URL || source.DATABASE_URL === stack.DATABASE_URL;
  return {
    ...source,
    DATABASE_URL: source.DATABASE_URL ?? stack.DATABASE_URL,
    NATS_URL: source.NATS_URL ?? stack.NATS_URL,
    EVENT_NAMESPACE: source.EVENT_NAMESPACE ?? stack.EVENT_NAMESPACE,
    DATABASE_NAME: source.DATABASE_NAME ?? (service && sameServer && stack.DATABASE_PREFIX ? `${stack.DATABASE_PREFIX}_${service}` : undefined),
    GATEWAY_URL: source.GATEWAY_URL ?? stack.GATEWAY_URL,
  };
}
