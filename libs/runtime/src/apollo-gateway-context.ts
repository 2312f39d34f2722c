import { dirname, join } from 'node:path';

import { type HeaderMap } from '@apollo/server';
import { type Logger } from 'pino';

/**
 * Apollo Server (5.x) hands a gateway's executor (ours: @apollo/gateway in the gateway, graphql-jit
 * in every subgraph, libs/subgraph executor.ts) a request context made per request by its internal
 * `makeGatewayGraphQLRequestContext`, whose `response.http` is an object literal with `get status`
 * and `set status` of its own, closures over the whole of Apollo's request context (our context,
 * the subgraph's forked EntityManager, the document, the answer). Each such literal costs V8 a new
 * hidden class holding those closures until the next full collection, so every request's objects
 * outlived two young-generation collections and were copied into the old generation: measured on
 * the tickets subgraph under `{ __typename }` from 50 connections, 6.3 KB promoted per request
 * (0.5 KB with Apollo Server's own execution), and collection pauses of 760 ms in 6 s.
 *
 * `useLeanGatewayContexts` replaces that function (Apollo Server calls it through its module's
 * exports) with one that builds the same context from classes, whose accessors live on their
 * prototypes: 0.56 KB promoted per request, 251 ms of pauses in the same 6 s (issue 14). Where
 * Apollo Server no longer has the function (a later version), nothing is replaced and
 * `leanGatewayContexts()` says so; gateway/test and libs/runtime's spec check it is in place.
 */

/** The parts of Apollo Server's request context the function reads. */
interface ApolloRequestContext {
  request: { query?: string; operationName?: string; variables?: Record<string, unknown>; extensions?: Record<string, unknown>; http?: { method: string; search: string; headers: HeaderMap } };
  response: { http: { status?: number; headers: HeaderMap } };
  [key: string]: unknown;
}

type MakeContext = (requestContext: ApolloRequestContext, server: { logger: unknown; cache: unknown }, internals: { includeStacktraceInErrorResponses: boolean }) => Record<string, unknown>;

const LEAN = Symbol.for('pm.runtime.leanGatewayContexts');

/** A HeaderMap as the Fetch API's Headers, as Apollo Server's own FetcherHeadersForHeaderMap. */
class HeadersOfMap {
  constructor(readonly map: HeaderMap) {}

  append(name: string, value: string): void {
    this.map.set(name, this.map.has(name) ? `${this.map.get(name)}, ${value}` : value);
  }

  delete(name: string): void {
    this.map.delete(name);
  }

  get(name: string): string | null {
    return this.map.get(name) ?? null;
  }

  has(name: string): boolean {
    return this.map.has(name);
  }

  set(name: string, value: string): void {
    this.map.set(name, value);
  }

  entries() {
    return this.map.entries();
  }

  keys() {
    return this.map.keys();
  }

  values() {
    return this.map.values();
  }

  [Symbol.iterator]() {
    return this.map.entries();
  }
}

/** `response.http` of the executor's context: its status read from and written to Apollo's response. */
class ResponseHttp {
  readonly headers: HeadersOfMap;

  constructor(private readonly response: ApolloRequestContext['response']) {
    this.headers = new HeadersOfMap(response.http.headers);
  }

  get status(): number | undefined {
    return this.response.http.status;
  }

  set status(status: number | undefined) {
    this.response.http.status = status;
  }
}

/** What Apollo Server 5's makeGatewayGraphQLRequestContext returns, field for field. */
export const leanGatewayContext: MakeContext = (context, server, internals) => {
  const request: Record<string, unknown> = {};
  const given = context.request;
  if ('query' in given) request.query = given.query;
  if ('operationName' in given) request.operationName = given.operationName;
  if ('variables' in given) request.variables = given.variables;
  if ('extensions' in given) request.extensions = given.extensions;
  if (given.http) {
    const needQuestion = given.http.search !== '' && !given.http.search.startsWith('?');
    request.http = { method: given.http.method, url: `https://unknown-url.invalid/${needQuestion ? '?' : ''}${given.http.search}`, headers: new HeadersOfMap(given.http.headers) };
  }
  return {
    request,
    response: { http: new ResponseHttp(context.response) },
    logger: server.logger,
    schema: context.schema,
    schemaHash: 'schemaHash no longer exists since Apollo Server 4',
    context: context.contextValue,
    cache: server.cache,
    queryHash: context.queryHash,
    document: context.document,
    source: context.source,
    operationName: context.operationName,
    operation: context.operation,
    errors: context.errors,
    metrics: context.metrics,
    debug: internals.includeStacktraceInErrorResponses,
    overallCachePolicy: context.overallCachePolicy,
    requestIsBatched: context.requestIsBatched,
  };
};

/** Apollo Server's module that makes the executor's context, with the function (null if this version has none). */
type Installed = MakeContext & { [LEAN]?: true; original?: MakeContext };

function apolloModule(): { makeGatewayGraphQLRequestContext: Installed } | null {
  try {
    // Not among the package's exports: required by its file, beside the package's main module.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(join(dirname(require.resolve('@apollo/server')), 'utils', 'makeGatewayGraphQLRequestContext.js')) as { makeGatewayGraphQLRequestContext?: unknown };
    return typeof loaded.makeGatewayGraphQLRequestContext === 'function' ? (loaded as ReturnType<typeof apolloModule>) : null;
  } catch {
    return null;
  }
}

/**
 * Makes Apollo Server build executors' request contexts with leanGatewayContext (once per process;
 * see above); false, with a warning to `logger`, where this Apollo Server has no such function.
 */
export function useLeanGatewayContexts(logger?: Logger): boolean {
  const module = apolloModule();
  if (!module) {
    logger?.warn('Apollo Server builds executor contexts its own way: each request is kept until a full collection; see libs/runtime apollo-gateway-context.ts');
    return false;
  }
  const own = module.makeGatewayGraphQLRequestContext;
  if (!own[LEAN]) module.makeGatewayGraphQLRequestContext = Object.assign(leanGatewayContext.bind(null), { [LEAN]: true as const, original: own });
  return true;
}

/** Whether Apollo Server builds executors' request contexts with leanGatewayContext. */
export const leanGatewayContexts = (): boolean => apolloModule()?.makeGatewayGraphQLRequestContext[LEAN] === true;

/** Apollo Server's own function, for the spec to compare with (null where this version has none). */
export function apolloGatewayContext(): MakeContext | null {
  const module = apolloModule();
  if (!module) return null;
  const own = module.makeGatewayGraphQLRequestContext;
  return own[LEAN] ? (own.original ?? null) : own;
}
