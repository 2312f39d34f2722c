import { type IncomingMessage, type ServerResponse } from 'node:http';

import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { trace } from '@opentelemetry/api';
import { databaseUrl, openDatabase } from '@pm/db';
import { formatGraphQLError } from '@pm/errors';
import { connectNats, EventSpace } from '@pm/events';
import {
  apolloHandler, type Closeable, closeAll, contextFromTraceparent, defaultInternalPort, EventLoopDelay, inSpan, type Logger, OperationMetrics, operationLabel, SpanKind, SpanStatusCode,
  startHttpServer, startTracing, useLeanGatewayContexts,
} from '@pm/runtime';
import { type GraphQLSchema } from 'graphql';
import { type NatsConnection } from 'nats';

import { ApiKey } from './api-keys/api-key.entity';
import { ApiKeyStore } from './api-keys/api-key.store';
import { authenticate } from './authenticate';
import { readSupergraph } from './compose';
import { type GatewayEnvironment, subgraphReplicas, subgraphTimeoutMs } from './environment';
import { type QueryLimits, queryLimitError, queryLimitsPlugin } from './limits';
import { fastExecutionCounts, installFastExecution } from './execution/fast-execution';
import { installPassThrough, passedThrough, stringifyAnswer } from './execution/pass-through';
import { PreparedReads } from './execution/prepared-reads';
import { type GatewayContext, SignedIdentityDataSource } from './signed-data-source';
import { subgraphBatches, subgraphFetcher, unavailableError } from './subgraph-fetcher';
import { migrations } from './migrations';
import { csvReportRoutes } from './reports/report-routes';
import { webRoutes } from './web';
import { TicketFeed } from './subscriptions/ticket-feed';
import { LiveBoards } from './subscriptions/live-boards';
import { startSubscriptionServer } from './subscriptions/websocket';

export { type GatewayContext } from './signed-data-source';

export interface RunningGateway {
  url: string;
  /** Base URL of the operators' port: `/healthz`, `/readyz`, `/metrics`. */
  internalUrl: string;
  apiKeys: ApiKeyStore;
  /** Resolves when live boards can be served (the NATS feed is up). */
  ready(): Promise<void>;
  /** Live-board subscriptions this replica has started serving (counted once each listens; only grows). */
  liveBoardsStarted(): number;
  /** Ticket changes resolved for live boards, one per change per distinct visibility (only grows). */
  liveBoardResolutions(): number;
  close(): Promise<void>;
}

/** Prometheus text for the gateway's `/metrics`: live boards and the process's memory. */
function gatewayMetrics(feed: TicketFeed | undefined, boards: LiveBoards | undefined, preparedReads: PreparedReads | undefined): string {
  const memory = process.memoryUsage();
  return [
    '# HELP pm_gateway_live_boards Live-board subscriptions open now.',
    '# TYPE pm_gateway_live_boards gauge',
    `pm_gateway_live_boards ${boards?.listening ?? 0}`,
    '# HELP pm_gateway_live_boards_started_total Live-board subscriptions started since the gateway started.',
    '# TYPE pm_gateway_live_boards_started_total counter',
    `pm_gateway_live_boards_started_total ${boards?.started ?? 0}`,
    '# HELP pm_gateway_live_board_resolutions_total Ticket changes resolved through the graph for live boards: one per change per distinct visibility.',
    '# TYPE pm_gateway_live_board_resolutions_total counter',
    `pm_gateway_live_board_resolutions_total ${boards?.resolutions ?? 0}`,
    '# HELP pm_gateway_feed_last_sequence Stream sequence of the newest ticket change fanned out.',
    '# TYPE pm_gateway_feed_last_sequence gauge',
    `pm_gateway_feed_last_sequence ${feed?.lastSeq ?? 0}`,
    '# HELP pm_gateway_feed_resumed_total Times the live feed resumed after losing its consumer (a NATS node or the connection went away).',
    '# TYPE pm_gateway_feed_resumed_total counter',
    `pm_gateway_feed_resumed_total ${feed?.resumed ?? 0}`,
    '# HELP pm_gateway_response_shapers_compiled_total Operations whose answers the gateway has compiled shaping code for (execution/result-shaping.ts).',
    '# TYPE pm_gateway_response_shapers_compiled_total counter',
    `pm_gateway_response_shapers_compiled_total ${fastExecutionCounts().shapers}`,
    '# HELP pm_gateway_answers_passed_through_total Subgraph answers sent on to the caller as their text, unparsed (execution/pass-through.ts).',
    '# TYPE pm_gateway_answers_passed_through_total counter',
    `pm_gateway_answers_passed_through_total ${passedThrough()}`,
    '# HELP pm_gateway_subgraph_batches_total HTTP requests to subgraphs that carried several reads (libs/runtime batch.ts).',
    '# TYPE pm_gateway_subgraph_batches_total counter',
    `pm_gateway_subgraph_batches_total ${subgraphBatches.batches}`,
    '# HELP pm_gateway_subgraph_batched_reads_total Reads sent to subgraphs inside batches.',
    '# TYPE pm_gateway_subgraph_batched_reads_total counter',
    `pm_gateway_subgraph_batched_reads_total ${subgraphBatches.reads}`,
    '# HELP pm_gateway_prepared_reads_total Answers to queries run before, served without Apollo Server\'s request pipeline (execution/prepared-reads.ts).',
    '# TYPE pm_gateway_prepared_reads_total counter',
    `pm_gateway_prepared_reads_total ${preparedReads?.served ?? 0}`,
    '# HELP pm_gateway_prepared_reads Query texts kept as prepared reads.',
    '# TYPE pm_gateway_prepared_reads gauge',
    `pm_gateway_prepared_reads ${preparedReads?.size ?? 0}`,
    boards?.lag.render() ?? '',
    '# HELP process_resident_memory_bytes Resident memory size in bytes.',
    '# TYPE process_resident_memory_bytes gauge',
    `process_resident_memory_bytes ${memory.rss}`,
    '# HELP nodejs_heap_size_used_bytes Process heap size used from Node.js in bytes.',
    '# TYPE nodejs_heap_size_used_bytes gauge',
    `nodejs_heap_size_used_bytes ${memory.heapUsed}`,
    '',
  ].join('\n');
}

/** A browser asking for the landing page rather than running an operation: a GET with no query string at all. */
function isLandingPageRequest(req: IncomingMessage): boolean {
  return req.method === 'GET' && !(req.url ?? '').includes('?') && (req.headers.accept ?? '').includes('text/html');
}

/** The gateway: one federated graph over the five subgraphs, with authentication and query limits. */
export async function startGateway(env: GatewayEnvironment, logger: Logger, options: { supergraphSdl?: string } = {}): Promise<RunningGateway> {
  const loopDelay = new EventLoopDelay('gateway');
  const resources: Closeable[] = [loopDelay];
  try {
    const orm = await openDatabase({
      serverUrl: env.DATABASE_URL,
      dbName: env.DATABASE_NAME,
      entities: [ApiKey],
      migrations,
      migrate: env.MIGRATE_ON_BOOT,
      logger,
      poolMax: 4,
    });
    resources.push({ name: 'database', close: () => orm.close() });
    const apiKeys = new ApiKeyStore(orm, { databaseUrl: databaseUrl(env.DATABASE_URL, env.DATABASE_NAME), defaultRateLimitPerMinute: env.API_KEY_RATE_LIMIT, logger });
    await apiKeys.listen();
    resources.push({ name: 'API key revocations', close: () => apiKeys.close() });
    const replicas = subgraphReplicas(env);
    const tracing = startTracing('gateway', { endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT });
    resources.push({ name: 'traces', close: () => tracing.shutdown() });
    const operations = new OperationMetrics('pm_gateway');

    useLeanGatewayContexts(logger);
    if (!installFastExecution()) logger.warn('@apollo/gateway internals moved: answers are shaped by the gateway\'s own computeResponse (slower); see execution/fast-execution.ts');
    const passThrough = env.PASS_THROUGH_ANSWERS && installPassThrough();
    if (env.PASS_THROUGH_ANSWERS && !passThrough) logger.warn('@apollo/gateway internals moved: every subgraph answer is parsed and shaped again; see execution/pass-through.ts');
    const gateway = new ApolloGateway({
      supergraphSdl: options.supergraphSdl ?? readSupergraph(),
      buildService: ({ name, url }) => {
        const urls = replicas[name] ?? [url ?? ''];
        return new SignedIdentityDataSource(urls[0], env.IDENTITY_SECRET, subgraphFetcher({ timeoutMs: subgraphTimeoutMs(env, name), maxSockets: env.SUBGRAPH_MAX_SOCKETS, replicas: urls, name, tracer: tracing.tracer, batch: env.SUBGRAPH_BATCHING }), { mergeEntityFetches: env.MERGE_ENTITY_FETCHES });
      },
    });
    let apiSchema: GraphQLSchema | undefined;
    gateway.onSchemaLoadOrUpdate(({ apiSchema: schema }) => (apiSchema = schema));
    const limits: QueryLimits = { maxDepth: env.MAX_QUERY_DEPTH, maxCost: env.MAX_QUERY_COST, maxMutationFields: env.MAX_MUTATION_FIELDS };
    const apollo = new ApolloServer<GatewayContext>({
      gateway,
      includeStacktraceInErrorResponses: false,
      stringifyResult: stringifyAnswer,
      // A plugin with per-request hooks must also be honoured by prepared reads, which skip this
      // pipeline (execution/prepared-reads.ts: the limits and the metrics below are).
      plugins: [
        ApolloServerPluginCacheControlDisabled(),
        queryLimitsPlugin(limits),
        {
          // Rate, latency and errors per operation (/metrics); the request's span named after it.
          async requestDidStart() {
            const began = performance.now();
            return {
              async didResolveOperation({ operation }) {
                trace.getActiveSpan()?.updateName(`graphql ${operationLabel(operation)}`);
              },
              async willSendResponse({ operation, errors }) {
                operations.observe(operationLabel(operation), errors?.length ? 'error' : 'ok', (performance.now() - began) / 1000);
                if (errors?.length) trace.getActiveSpan()?.setStatus({ code: SpanStatusCode.ERROR, message: errors[0].message });
              },
            };
          },
        },
      ],
      formatError: (formatted, original) => {
        const unavailable = unavailableError(formatted, original);
        if (unavailable) {
          logger.warn({ err: (original as { originalError?: unknown }).originalError ?? original, service: unavailable.extensions?.service }, 'a subgraph did not answer');
          return unavailable;
        }
        return formatGraphQLError(formatted, (f, err) => logger.error({ err, path: f.path }, 'unexpected error'), original);
      },
    });
    await apollo.start();
    resources.push({ name: 'apollo', close: () => apollo.stop() });

    // Queries run once the whole way, as one subgraph's, skip Apollo Server's pipeline the next time (execution/prepared-reads.ts).
    const preparedReads = passThrough && env.PREPARED_READS ? new PreparedReads({
      schema: () => apiSchema,
      refuse: (read, variables) => queryLimitError(limits, read.schema, read.document, read.operation, variables),
      observe: (label, seconds) => operations.observe(label, 'ok', seconds),
    }) : undefined;
    const graphql = apolloHandler(apollo, async (req) => {
      if (isLandingPageRequest(req)) return {} as GatewayContext;
      return { identity: await authenticate(req.headers, env.JWT_SECRET, apiKeys), answerAsText: passThrough, preparedReads };
    }, { maxBodyBytes: env.MAX_BODY_BYTES, shortcut: preparedReads && ((req, res, body, context) => preparedReads.serve(req, res, body, context)) });
    let started: TicketFeed | undefined;
    let liveBoards: LiveBoards | undefined;
    const http = await startHttpServer({
      port: env.PORT,
      host: env.HOST,
      logger,
      routes: {
        // A browser opening the endpoint gets the explorer, served here (Apollo's landing page loads from a CDN).
        '/graphql': (req: IncomingMessage, res: ServerResponse) => {
          if (!isLandingPageRequest(req)) {
            // A trace per request, continuing the caller's `traceparent` if it sends one.
            const traceparent = req.headers.traceparent;
            return inSpan(tracing.tracer, 'graphql', { kind: SpanKind.SERVER, parent: () => contextFromTraceparent(Array.isArray(traceparent) ? traceparent[0] : traceparent) }, async () => { await graphql(req, res); });
          }
          res.writeHead(302, { location: '/explorer' });
          res.end();
        },
        // CSV downloads of the reports, run through the graph as the caller.
        ...csvReportRoutes(apollo, (req) => authenticate(req.headers, env.JWT_SECRET, apiKeys), logger),
        // The browser pages: the live board and the front desk.
        ...webRoutes(logger),
      },
      internal: {
        port: env.INTERNAL_PORT ?? defaultInternalPort(env.PORT),
        routes: { '/metrics': (_req, res) => {
          res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
          res.end(gatewayMetrics(started, liveBoards, preparedReads) + operations.render() + loopDelay.metrics());
        } },
      },
      readiness: {
        database: async () => {
          await orm.em.getConnection().execute('select 1');
        },
      },
    });
    resources.push({ name: 'http', close: () => http.close() });

    // Live boards: one NATS feed of ticket events per gateway replica, connected in the background
    // so the gateway serves queries even while NATS is away.
    let nats: NatsConnection | undefined;
    const feed = (async () => {
      nats = await connectNats(env.NATS_URL, 'gateway-feed', { waitOnFirstConnect: true });
      const started = new TicketFeed(nats, logger, new EventSpace(env.EVENT_NAMESPACE));
      await started.start();
      return started;
    })();
    feed.catch((error: unknown) => logger.error({ err: error }, 'live ticket feed unavailable'));
    resources.push({
      name: 'ticket feed',
      close: async () => {
        if (nats) await (await feed).stop();
        await nats?.drain();
      },
    });
    const boards = feed.then((f) => new LiveBoards({ feed: f, apollo, bufferSize: env.SUBSCRIPTION_BUFFER, backlog: env.SUBSCRIPTION_BACKLOG, logger }));
    boards.catch(() => undefined);
    const subscriptions = startSubscriptionServer(apiSchema!, {
      server: http.server,
      apollo,
      feed,
      boards,
      authenticate: (headers) => authenticate(headers, env.JWT_SECRET, apiKeys),
      bufferSize: env.SUBSCRIPTION_BUFFER,
      backlog: env.SUBSCRIPTION_BACKLOG,
      maxReplay: env.MAX_REPLAY,
      logger,
    });
    resources.push({ name: 'subscriptions', close: () => subscriptions.close() });
    logger.info({ url: `${http.url}/graphql` }, 'gateway ready');
    feed.then((f) => (started = f)).catch(() => undefined);
    boards.then((b) => (liveBoards = b)).catch(() => undefined);
    return {
      url: `${http.url}/graphql`, internalUrl: http.internalUrl, apiKeys, ready: () => feed.then(() => undefined), liveBoardsStarted: () => liveBoards?.started ?? 0, liveBoardResolutions: () => liveBoards?.resolutions ?? 0, close: () => closeAll(resources, logger),
    };
  } catch (error) {
    await closeAll(resources, logger);
    throw error;
  }
}
