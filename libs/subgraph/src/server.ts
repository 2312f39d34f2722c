import { type IncomingMessage, type ServerResponse } from 'node:http';

import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import { trace } from '@opentelemetry/api';
import { type Clock, systemClock } from '@pm/calendar';
import { countQueries, type DatabaseOptions, openDatabase, withQueryCount } from '@pm/db';
import { AppError, formatGraphQLError } from '@pm/errors';
import { IDENTITY_HEADER, identityVerifier } from '@pm/identity';
import {
  activeTraceId, apolloHandler, BATCH_CONTENT_TYPE, batchedRequest, BodyTooLargeError, CapturedResponse, type Closeable, closeAll, contextFromTraceparent, defaultInternalPort,
  encodeBatchAnswers, EventLoopDelay, inSpan, type Logger, OperationMetrics, operationLabel, parseBatchRequest, readBody, type RunningHttpServer, sendBodyTooLarge, sendJson,
  SpanKind, SpanStatusCode, startHttpServer, type Tracer, useLeanGatewayContexts,
} from '@pm/runtime';
import DataLoader from 'dataloader';

import { type SubgraphContext } from './context';
import { CompiledOperations, compiledExecution } from './executor';
import { PreparedOperations } from './prepared';
import { type BuiltSubgraph, buildFederatedSchema, type SubgraphSchemaOptions } from './schema';

export interface SubgraphOptions extends SubgraphSchemaOptions {
  name: string;
  port: number;
  /** Operators' port (`/healthz`, `/readyz`, `/metrics`); default 5000 above `port`. */
  internalPort?: number;
  host: string;
  identitySecret: string;
  logger: Logger;
  database: Omit<DatabaseOptions, 'logger'>;
  /** Started after the database, closed before it (event consumers, schedulers…). */
  extraResources?: (orm: MikroORM) => Promise<Closeable[]>;
  /** Where "now" comes from. @default the system clock */
  clock?: Clock;
  /** The service's settings, on every request's context. */
  settings?: unknown;
  /** Called after every successful mutation (the outbox relay publishes at once instead of at its next poll). */
  afterMutation?: () => void;
  /** Prometheus text for `/metrics` (outbox and consumer lag). */
  metrics?: () => Promise<string>;
  /** Traces: a server span per request, continuing the gateway's `traceparent`. @default not recorded */
  tracer?: Tracer;
  /** Operations already run once are answered again without Apollo Server's pipeline (prepared.ts). @default true */
  preparedOperations?: boolean;
}

export interface RunningSubgraph {
  name: string;
  url: string;
  /** Base URL of the operators' port: `/healthz`, `/readyz`, `/metrics`. */
  internalUrl: string;
  orm: MikroORM;
  sdl: string;
  close(): Promise<void>;
}

/**
 * One request's context. A class, so that its logger can be made on first use: Apollo Server copies
 * the context's own properties for each operation, which would run a getter kept on the object
 * itself (a child logger per request costs its redaction set-up, and most requests never log).
 */
class RequestContext implements SubgraphContext {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();
  private ownLogger: Logger | undefined;

  constructor(
    readonly identity: SubgraphContext['identity'],
    readonly em: EntityManager,
    readonly clock: Clock,
    readonly settings: unknown,
    private readonly makeLogger: () => Logger,
    private readonly references: SubgraphSchemaOptions['references'],
  ) {}

  get logger(): Logger {
    return (this.ownLogger ??= this.makeLogger());
  }

  loader<K, V>(key: string, batch: (keys: readonly K[]) => Promise<(V | Error)[]>): DataLoader<K, V> {
    let loader = this.loaders.get(key);
    if (!loader) {
      loader = new DataLoader<K, V>(batch) as DataLoader<unknown, unknown>;
      this.loaders.set(key, loader);
    }
    return loader as DataLoader<K, V>;
  }

  reference(typename: string): DataLoader<string, object | null> {
    const load = this.references[typename];
    return this.loader<string, object | null>(`ref:${typename}`, (ids) => load(ids, this as unknown as SubgraphContext<never>));
  }
}

/** Boots one subgraph: database (created, migrated), federated schema, Apollo Server, health endpoints. */
export async function startSubgraph(options: SubgraphOptions): Promise<RunningSubgraph> {
  const { logger } = options;
  const built: BuiltSubgraph = await buildFederatedSchema(options);
  const orm = await openDatabase({ ...options.database, logger });
  countQueries(orm);
  // SQL per GraphQL request, for /metrics (what the N+1 benchmarks read).
  const served = { requests: 0, queries: 0 };
  const operations = new OperationMetrics('pm_graphql', { service: options.name });
  const { tracer } = options;
  const loopDelay = new EventLoopDelay(options.name);
  const resources: Closeable[] = [loopDelay, { name: 'database', close: () => orm.close() }];
  try {
    resources.push(...((await options.extraResources?.(orm)) ?? []));
    // Our executor's per-request context without Apollo Server's per-request hidden class (libs/runtime).
    useLeanGatewayContexts(logger);
    const compiled = new CompiledOperations(built.schema);
    const answered = (label: string, mutation: boolean, failed: boolean, seconds: number) => {
      if (mutation && !failed) options.afterMutation?.();
      operations.observe(label, failed ? 'error' : 'ok', seconds);
    };
    const prepared = options.preparedOperations === false ? undefined : new PreparedOperations({
      schema: built.schema,
      compiled,
      answered: (label, mutation, seconds) => answered(label, mutation, false, seconds),
    });
    const apollo = new ApolloServer<SubgraphContext>({
      gateway: compiledExecution(built.schema, compiled),
      includeStacktraceInErrorResponses: false,
      plugins: [
        ApolloServerPluginLandingPageDisabled(),
        // Nobody reads traces or cache hints: both cost work on every resolved field.
        ApolloServerPluginInlineTraceDisabled(),
        ApolloServerPluginCacheControlDisabled(),
        {
          async requestDidStart() {
            const started = performance.now();
            return {
              async didResolveOperation({ operation }) {
                trace.getActiveSpan()?.updateName(`graphql ${operationLabel(operation)}`);
              },
              async willSendResponse({ operation, errors }) {
                answered(operationLabel(operation), operation?.operation === 'mutation', Boolean(errors?.length), (performance.now() - started) / 1000);
                if (errors?.length) trace.getActiveSpan()?.setStatus({ code: SpanStatusCode.ERROR, message: errors[0].message });
              },
            };
          },
        },
      ],
      formatError: (formatted, original) =>
        formatGraphQLError(formatted, (f, err) => logger.error({ err, path: f.path }, 'unexpected error in resolver'), original, {
          constraints: options.uniqueConstraints,
        }),
    });
    await apollo.start();
    resources.push({ name: 'apollo', close: () => apollo.stop() });

    const verifyIdentity = identityVerifier(options.identitySecret);
    const context = async (req: IncomingMessage): Promise<SubgraphContext> => {
      const header = req.headers[IDENTITY_HEADER];
      const identity = verifyIdentity(Array.isArray(header) ? header[0] : header);
      if (!identity) {
        throw AppError.unauthenticated('This subgraph answers only requests signed by the gateway: call the gateway instead');
      }
      const em = orm.em.fork() as EntityManager;
      const traceId = activeTraceId();
      // The request's logger is made when something logs (most requests never do).
      const child = () => logger.child(traceId ? { caller: identity.sub, trace_id: traceId } : { caller: identity.sub });
      return new RequestContext(identity, em, options.clock ?? systemClock, options.settings, child, options.references);
    };
    const graphql = apolloHandler(apollo, context, { shortcut: prepared && ((req, res, body, context) => prepared.serve(req, res, body, context)) });
    /** One request (or one operation of a batch, its body read already): in its span, its statements counted. */
    const serve = async (req: IncomingMessage, res: ServerResponse, body?: { value: unknown }) => {
      const tally = { queries: 0 };
      const traceparent = req.headers.traceparent;
      try {
        await inSpan(tracer, 'graphql', {
          kind: SpanKind.SERVER,
          parent: () => contextFromTraceparent(Array.isArray(traceparent) ? traceparent[0] : traceparent),
          attributes: { 'pm.service': options.name },
        }, async (span) => {
          await withQueryCount(tally, () => (body ? graphql.answer(req, res, body.value) : graphql(req, res)));
          span.setAttribute('db.statements', tally.queries);
        });
      } finally {
        served.requests += 1;
        served.queries += tally.queries;
      }
    };
    /**
     * Reads the gateway sent together (libs/runtime batch.ts): each operation answered as if it had
     * come alone, with its own headers (its signed caller), all at once, the answers sent back in one.
     */
    const batch = async (req: IncomingMessage, res: ServerResponse) => {
      let raw: string;
      try {
        raw = await readBody(req);
      } catch (error) {
        if (!(error instanceof BodyTooLargeError)) throw error;
        return sendBodyTooLarge(res, error);
      }
      const items = parseBatchRequest(raw);
      if (typeof items === 'string') return sendJson(res, 400, { errors: [{ message: items, extensions: { code: 'BAD_REQUEST' } }] });
      const answers = await Promise.all(items.map(async (item) => {
        const captured = new CapturedResponse();
        try {
          await serve(batchedRequest(req, item.headers), captured.asServerResponse(), { value: item.body });
        } catch (error) {
          logger.error({ err: error }, 'request failed');
          return { status: 500, contentType: 'application/json', body: JSON.stringify({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }) };
        }
        return captured.answer();
      }));
      res.writeHead(200, { 'content-type': BATCH_CONTENT_TYPE });
      res.end(encodeBatchAnswers(answers));
    };
    const http: RunningHttpServer = await startHttpServer({
      port: options.port,
      host: options.host,
      logger,
      routes: {
        '/graphql': async (req, res) => {
          if (req.headers['content-type'] === BATCH_CONTENT_TYPE) return batch(req, res);
          await serve(req, res);
        },
      },
      internal: { port: options.internalPort ?? defaultInternalPort(options.port), routes: {
        '/metrics': async (_req, res) => {
          res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
          const label = `{service="${options.name}"}`;
          res.end([
            '# HELP pm_graphql_requests_total GraphQL requests served',
            '# TYPE pm_graphql_requests_total counter',
            `pm_graphql_requests_total${label} ${served.requests}`,
            '# HELP pm_graphql_db_queries_total SQL statements run for GraphQL requests',
            '# TYPE pm_graphql_db_queries_total counter',
            `pm_graphql_db_queries_total${label} ${served.queries}`,
            '# HELP pm_graphql_prepared_total GraphQL requests answered as operations run before, without Apollo Server\'s pipeline',
            '# TYPE pm_graphql_prepared_total counter',
            `pm_graphql_prepared_total${label} ${prepared?.served ?? 0}`,
            operations.render(),
            loopDelay.metrics(),
            (await options.metrics?.()) ?? '',
          ].join('\n'));
        },
      } },
      readiness: {
        database: async () => {
          await orm.em.getConnection().execute('select 1');
        },
      },
    });
    resources.push({ name: 'http', close: () => http.close() });
    logger.info({ url: `${http.url}/graphql`, internal: http.internalUrl }, `${options.name} subgraph ready`);
    return {
      name: options.name,
      url: `${http.url}/graphql`,
      internalUrl: http.internalUrl,
      orm,
      sdl: built.sdl,
      close: () => closeAll(resources, logger),
    };
  } catch (error) {
    await closeAll(resources, logger);
    throw error;
  }
}
