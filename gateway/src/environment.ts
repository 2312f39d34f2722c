import { booleanFlag, commonEnvironment, eventNamespace, natsUrls, loadEnvironment, withLocalStack } from '@pm/runtime';
import { z } from 'zod';

const url = z.string().url();
/** A subgraph's URL, or its replicas' comma-separated (the gateway spreads calls over them). */
const urls = z.string().refine((value) => value.split(',').every((part) => z.string().url().safeParse(part.trim()).success), { message: 'must be a URL, or several separated by commas' });
const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-please';

/** The subgraphs the gateway composes, by the names the supergraph gives them. */
export const SUBGRAPH_NAMES = ['tickets', 'residents', 'renovation', 'parking', 'surveys'] as const;

/**
 * `tickets=30000,residents=3000`: a timeout of its own (milliseconds) for each subgraph named; the
 * others keep SUBGRAPH_TIMEOUT_MS. Empty: every subgraph has that one.
 */
const timeoutsBySubgraph = z.string().default('').transform((value, ctx) => {
  const timeouts: Partial<Record<(typeof SUBGRAPH_NAMES)[number], number>> = {};
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /^([a-z]+)=(\d+)$/.exec(part);
    const name = match?.[1] as (typeof SUBGRAPH_NAMES)[number] | undefined;
    if (!match || !SUBGRAPH_NAMES.includes(name!) || Number(match[2]) < 100 || timeouts[name!] !== undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${part}" is not a timeout: each is <subgraph>=<milliseconds ≥ 100>, once per subgraph (${SUBGRAPH_NAMES.join(', ')}), e.g. tickets=30000,residents=3000` });
      return z.NEVER;
    }
    timeouts[name!] = Number(match[2]);
  }
  return timeouts;
});

/** Every setting the gateway reads. */
export const gatewayEnvironment = z
  .object({
    ...commonEnvironment,
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    /** Operators' port for /healthz and /readyz (never the public one); default PORT + 5000. */
    INTERNAL_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    /** Largest request body (bytes); larger ones get 413. */
    MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_000_000),
    /** A subgraph answering slower than this fails its part of the query plan (milliseconds). */
    SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    /** Timeouts of their own for some subgraphs (`tickets=30000,residents=3000`); the rest keep SUBGRAPH_TIMEOUT_MS. */
    SUBGRAPH_TIMEOUTS_MS: timeoutsBySubgraph,
    /** Keep-alive connections the gateway keeps to each subgraph. */
    SUBGRAPH_MAX_SOCKETS: z.coerce.number().int().min(1).default(64),
    /** Requests a minute an API key may make on each gateway replica, unless the key has its own limit. */
    API_KEY_RATE_LIMIT: z.coerce.number().int().min(1).default(600),
    /** Root fields (aliases included) one mutation operation may have. */
    MAX_MUTATION_FIELDS: z.coerce.number().int().min(1).default(10),
    /** Changes a board may ask to be replayed with `after`; older cursors are refused. */
    MAX_REPLAY: z.coerce.number().int().min(1).default(10_000),
    /** HS256 secret for staff and resident tokens. */
    JWT_SECRET: z.string().min(16, 'must be at least 16 characters').default(DEV_JWT_SECRET),
    /** Holds the hashed integrator API keys. */
    DATABASE_URL: url.default('postgres://postgres@127.0.0.1:5432/postgres'),
    DATABASE_NAME: z.string().default('pm_gateway'),
    MIGRATE_ON_BOOT: booleanFlag(true),
    NATS_URL: natsUrls.default('nats://127.0.0.1:4222'),
    /** The stack's events on NATS, as its services' (the live feed reads `<namespace>.tickets.>`). */
    EVENT_NAMESPACE: eventNamespace,
    TICKETS_URL: urls.default('http://127.0.0.1:4001/graphql'),
    RESIDENTS_URL: urls.default('http://127.0.0.1:4002/graphql'),
    RENOVATION_URL: urls.default('http://127.0.0.1:4003/graphql'),
    PARKING_URL: urls.default('http://127.0.0.1:4004/graphql'),
    SURVEYS_URL: urls.default('http://127.0.0.1:4005/graphql'),
    /** Deepest selection a query may have. */
    MAX_QUERY_DEPTH: z.coerce.number().int().min(2).default(10),
    /**
     * An answer of one subgraph's query as the caller wrote it goes on as the subgraph's text, without
     * being parsed, reshaped and written again (execution/pass-through.ts). Off: every answer is rebuilt.
     */
    PASS_THROUGH_ANSWERS: booleanFlag(true),
    /**
     * A query the gateway has passed through once is served the next time without Apollo Server's
     * request pipeline: variables, limits, the one fetch (execution/prepared-reads.ts). Needs
     * PASS_THROUGH_ANSWERS. Off: every request goes through Apollo Server.
     */
    PREPARED_READS: booleanFlag(true),
    /** `_entities` fetches of one request to one subgraph that leave in the same turn go as one operation (execution/entity-merging.ts). */
    MERGE_ENTITY_FETCHES: booleanFlag(true),
    /**
     * Reads to one subgraph that leave in the same turn of the event loop, for any callers, go as one
     * HTTP request, each still its own operation with its own signed caller (libs/runtime batch.ts).
     */
    SUBGRAPH_BATCHING: booleanFlag(true),
    /** Highest estimated cost (fields × list sizes) a query may have. */
    MAX_QUERY_COST: z.coerce.number().int().min(10).default(20_000),
    /** Changes a live board may leave unread in its socket (about 2 KB each), or miss while catching up, before it is disconnected as too slow. */
    SUBSCRIPTION_BUFFER: z.coerce.number().int().min(1).default(1000),
    /**
     * Changes the gateway may have taken for a board and not yet sent it (still resolving them through
     * the graph) before the board is told to reconnect: the gateway's own backlog, shared by every
     * board, so a burst of SUBSCRIPTION_BUFFER changes on top of the usual ones does not close them all.
     */
    SUBSCRIPTION_BACKLOG: z.coerce.number().int().min(1).default(5000),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    if (env.JWT_SECRET === DEV_JWT_SECRET) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['JWT_SECRET'], message: 'must be set in production' });
    if (env.IDENTITY_SECRET.startsWith('dev-only')) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['IDENTITY_SECRET'], message: 'must be set in production' });
  });

export type GatewayEnvironment = z.infer<typeof gatewayEnvironment>;

export const loadGatewayEnvironment = (): GatewayEnvironment => loadEnvironment(gatewayEnvironment, process.env);

/** For command-line tools beside `npm start`: its database where the environment names none. */
export const loadGatewayToolEnvironment = (): GatewayEnvironment => loadEnvironment(gatewayEnvironment, withLocalStack(process.env, 'gateway'));

/** How long the gateway waits for `subgraph`'s answer: its own timeout, else SUBGRAPH_TIMEOUT_MS. */
export function subgraphTimeoutMs(env: Pick<GatewayEnvironment, 'SUBGRAPH_TIMEOUT_MS' | 'SUBGRAPH_TIMEOUTS_MS'>, subgraph: string): number {
  return env.SUBGRAPH_TIMEOUTS_MS[subgraph as (typeof SUBGRAPH_NAMES)[number]] ?? env.SUBGRAPH_TIMEOUT_MS;
}

/** Subgraph name → its replicas' URLs, as configured (usually one: a load balancer's). */
export function subgraphReplicas(env: GatewayEnvironment): Record<string, string[]> {
  const list = (value: string) => value.split(',').map((part) => part.trim()).filter(Boolean);
  return {
    tickets: list(env.TICKETS_URL),
    residents: list(env.RESIDENTS_URL),
    renovation: list(env.RENOVATION_URL),
    parking: list(env.PARKING_URL),
    surveys: list(env.SURVEYS_URL),
  };
}
