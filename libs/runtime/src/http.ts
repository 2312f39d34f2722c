import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { type Logger } from 'pino';

/** A readiness check: resolves when the dependency is usable, rejects with the reason otherwise. */
export type ReadinessCheck = () => Promise<void>;

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** A GraphQL endpoint's handler, and its answer to a request whose body has been read already (one operation of a batch). */
export interface GraphQLRouteHandler {
  (req: IncomingMessage, res: ServerResponse): Promise<void>;
  answer(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void>;
}

export interface HttpServerOptions {
  port: number;
  host: string;
  logger: Logger;
  /** Path → handler, e.g. `{ '/graphql': graphqlHandler }`. */
  routes: Record<string, RouteHandler>;
  readiness: Record<string, ReadinessCheck>;
  /**
   * The operators' port: `/healthz`, `/readyz` and `routes` (e.g. `/metrics`) are served there and
   * not on the public one. Without it they share the public port.
   */
  internal?: { port: number; routes?: Record<string, RouteHandler> };
}

export interface RunningHttpServer {
  server: Server;
  url: string;
  /** Base URL of the operators' port (health, readiness, metrics). */
  internalUrl: string;
  close(): Promise<void>;
}

/** The operators' port of a server on `port`: 5000 above it (4001 → 9001), or any free port when `port` is 0. */
export const defaultInternalPort = (port: number): number => (port === 0 ? 0 : port + 5000);

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function listener(routes: Record<string, RouteHandler>, readiness: Record<string, ReadinessCheck> | undefined, logger: Logger) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (readiness && path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (readiness && path === '/readyz') {
      void runChecks(readiness).then((result) => sendJson(res, result.ready ? 200 : 503, result));
      return;
    }
    const handler = routes[path];
    if (!handler) return sendJson(res, 404, { error: 'not found' });
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      logger.error({ err: error, path }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.end();
    });
  };
}

async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${address.port}`;
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });

/** How long our servers keep an idle keep-alive connection open (clients should let theirs go sooner). */
export const SERVER_KEEP_ALIVE_MS = 65_000;

/** Serves the given routes, plus `/healthz` (alive) and `/readyz` (every readiness check passes) on the internal port. */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const internal = options.internal;
  const server = createServer(listener(options.routes, internal ? undefined : options.readiness, options.logger));
  server.keepAliveTimeout = SERVER_KEEP_ALIVE_MS;
  const url = await listen(server, options.port, options.host);
  if (!internal) return { server, url, internalUrl: url, close: () => closeServer(server) };
  const operators = createServer(listener(internal.routes ?? {}, options.readiness, options.logger));
  let internalUrl: string;
  try {
    internalUrl = await listen(operators, internal.port, options.host);
  } catch (error) {
    await closeServer(server);
    throw error;
  }
  return { server, url, internalUrl, close: async () => void (await Promise.all([closeServer(server), closeServer(operators)])) };
}

async function runChecks(checks: Record<string, ReadinessCheck>) {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await check();
        return [name, 'ok'] as const;
      } catch (error) {
        return [name, error instanceof Error ? error.message : String(error)] as const;
      }
    }),
  );
  return { ready: entries.every(([, state]) => state === 'ok'), checks: Object.fromEntries(entries) };
}

/** Largest request body accepted, unless a server says otherwise: 1 MB. */
export const MAX_BODY_BYTES = 1_000_000;

/** A body over the limit: answered 413 once the client has finished sending it. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** The 413 answer to a body over the limit; the connection is closed after it. */
export function sendBodyTooLarge(res: ServerResponse, error: BodyTooLargeError): void {
  res.setHeader('connection', 'close');
  sendJson(res, 413, { errors: [{ message: error.message, extensions: { code: 'PAYLOAD_TOO_LARGE', maxBytes: error.limit } }] });
}

/**
 * Reads a request body as UTF-8. A body over `limit` is read to its end and dropped (so the client
 * gets a 413, not a reset connection), up to 64 times the limit, past which the socket is cut.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > limit * 64) {
        reject(new BodyTooLargeError(limit));
        req.destroy();
      }
    });
    req.on('end', () => (size > limit ? reject(new BodyTooLargeError(limit)) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

/** The content type Apollo Server answers a single result with when the caller leaves the choice to it. */
export const GRAPHQL_JSON_TYPE = 'application/json; charset=utf-8';
const ACCEPTS_JSON = new Set([undefined, '', '*/*', 'application/json', GRAPHQL_JSON_TYPE]);
const JSON_CONTENT = /^application\/json\s*(;|$)/i;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One GraphQL operation POSTed as JSON, in the shape a server may answer without Apollo Server. */
export interface PlainGraphQLPost {
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
}

/**
 * The request as one operation, if it is a POST of JSON whose answer Apollo Server would send as
 * JSON (`accept` absent, any type or JSON) with no `extensions` (persisted queries and the like) and
 * well-formed fields; undefined for every other shape (GET, batches, other types), which Apollo
 * Server answers itself.
 */
export function plainGraphQLPost(req: IncomingMessage, body: unknown): PlainGraphQLPost | undefined {
  if (req.method !== 'POST' || !JSON_CONTENT.test(req.headers['content-type'] ?? '') || !ACCEPTS_JSON.has(req.headers.accept)) return undefined;
  if (!isRecord(body) || typeof body.query !== 'string' || body.extensions != null) return undefined;
  const { query, operationName, variables } = body;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  if (variables != null && !isRecord(variables)) return undefined;
  return { query, operationName: operationName ?? undefined, variables: variables ?? {} };
}

/** Apollo Server 5 on plain node:http (Apollo's integration API), so health and GraphQL share one port. */
export function apolloHandler<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  context: (req: IncomingMessage) => Promise<TContext>,
  options: {
    maxBodyBytes?: number;
    /**
     * Offered every request first, with its body and context: true when it has answered the request
     * itself (nothing else is done), false to go on to Apollo Server with the same context.
     */
    shortcut?: (req: IncomingMessage, res: ServerResponse, body: unknown, context: TContext) => Promise<boolean>;
  } = {},
): GraphQLRouteHandler {
  // Authenticate before Apollo so a refused caller gets a plain error, not "Context creation failed".
  const answer = async (req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> => {
    let contextValue: TContext;
    try {
      contextValue = await context(req);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      const { http, ...extensions } = error.extensions as { http?: { status?: number } };
      return sendJson(res, http?.status ?? 400, { errors: [{ message: error.message, extensions }] });
    }
    if (options.shortcut && await options.shortcut(req, res, body, contextValue)) return;
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method?.toUpperCase() ?? 'GET', headers, search: new URL(req.url ?? '/', 'http://localhost').search, body },
      context: async () => contextValue,
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let body: unknown;
    if (req.method === 'POST') {
      let raw: string;
      try {
        raw = await readBody(req, options.maxBodyBytes);
      } catch (error) {
        if (!(error instanceof BodyTooLargeError)) throw error;
        return sendBodyTooLarge(res, error);
      }
      if (req.headers['content-type']?.includes('application/json')) {
        try {
          body = raw ? JSON.parse(raw) : {};
        } catch {
          return sendJson(res, 400, { errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
        }
      } else body = raw;
    }
    return answer(req, res, body);
  };
  return Object.assign(handler, { answer });
}
