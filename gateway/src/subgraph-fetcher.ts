import { Agent as HttpAgent, type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

import { type RemoteGraphQLDataSource } from '@apollo/gateway';
import { injectTraceHeaders, inSpan, SERVER_KEEP_ALIVE_MS, SpanKind, type Tracer } from '@pm/runtime';

type Fetcher = NonNullable<RemoteGraphQLDataSource['fetcher']>;

/** What RemoteGraphQLDataSource reads of a response: status, headers, the body as text or JSON. */
class SubgraphResponse {
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  readonly redirected = false;

  constructor(readonly url: string, readonly status: number, readonly statusText: string, headers: IncomingHttpHeaders, private readonly body: string) {
    this.ok = status >= 200 && status < 300;
    this.headers = {
      get: (name: string) => {
        const value = headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    };
  }

  async text(): Promise<string> {
    return this.body;
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.body);
  }

  clone(): SubgraphResponse {
    return this;
  }
}

export interface SubgraphFetcherOptions {
  /** An answer slower than this fails the subgraph's part of the plan (the rest still answers). */
  timeoutMs: number;
  /** Keep-alive connections per subgraph. */
  maxSockets: number;
  /**
   * The subgraph's replicas (without a load balancer in front): calls go round robin; a replica
   * that refuses connections is skipped for `downForMs` and the call goes to the next one.
   */
  replicas?: string[];
  /** @default 2000 */
  downForMs?: number;
  /** The subgraph's name, for spans. */
  name?: string;
  /** Records a client span per call, its `traceparent` sent along (the subgraph's span is its child). */
  tracer?: Tracer;
}

/**
 * How long an idle keep-alive socket to a subgraph is kept: well below the subgraphs' own
 * (SERVER_KEEP_ALIVE_MS), so the gateway lets an idle socket go before the subgraph closes it. Both
 * at once made reads fail with "socket hang up" in `npm run bench` (4 of some 9,000, all at once:
 * the sockets a round had left idle for about a minute).
 */
const IDLE_SOCKET_MS = SERVER_KEEP_ALIVE_MS / 2;

/**
 * Errors that mean the request never reached the replica, so sending it to another one cannot do
 * anything twice. A connection reset after a mutation was sent is not among them: the replica may
 * have acted on it, so it fails the call instead; a read cut off that way goes to the next replica.
 */
const NEVER_SENT = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** A query (not a mutation): safe to send again. Federated fetches are `query …` or `{ … }`. */
function isRead(body: string | undefined): boolean {
  const match = body ? /^\{"query":"\s*(\w+|\{)/.exec(body) : null;
  return match ? match[1] === '{' || match[1] === 'query' : false;
}

/**
 * Set by the gateway on a read it may share (the caller's reads are not audited one by one); taken
 * off before the request leaves.
 */
export const SHAREABLE_HEADER = 'x-pm-shareable';

/**
 * Identical reads (same subgraph, same signed caller, same query and variables) asked for in one
 * turn of the event loop go out as one request, sent at the end of that turn; each asker parses
 * the answer for itself. Only reads not yet sent are joined, never one already on its way: every
 * asker's request is older than the read that answers it, so a caller always sees at least what
 * was committed before they asked (Hive Gateway joins reads already in flight).
 */
class ReadCoalescer {
  private readonly waiting = new Map<string, Promise<SubgraphResponse>>();

  read(key: string, send: () => Promise<SubgraphResponse>): Promise<SubgraphResponse> {
    let shared = this.waiting.get(key);
    if (!shared) {
      shared = new Promise<SubgraphResponse>((resolve, reject) => setImmediate(() => {
        this.waiting.delete(key);
        send().then(resolve, reject);
      }));
      this.waiting.set(key, shared);
    }
    return shared;
  }
}

/** Round robin over replicas, skipping the ones that just refused connections. */
export class ReplicaSet {
  private next = 0;
  private readonly downUntil = new Map<string, number>();

  constructor(readonly urls: string[], private readonly downForMs = 2000) {}

  /** The replicas to try for one call, in order: the next one in turn first, those marked down last. */
  order(now = Date.now()): string[] {
    const start = this.next++ % this.urls.length;
    const turn = [...this.urls.slice(start), ...this.urls.slice(0, start)];
    const up = turn.filter((u) => (this.downUntil.get(u) ?? 0) <= now);
    return [...up, ...turn.filter((u) => !up.includes(u))];
  }

  markDown(url: string, now = Date.now()): void {
    this.downUntil.set(url, now + this.downForMs);
  }
}

/**
 * The gateway's HTTP client to its subgraphs: node:http with one keep-alive pool per subgraph and
 * an upstream timeout, instead of make-fetch-happen (an HTTP cache and stream layers on every call
 * that a POST to a subgraph never uses). Measured with `npm run bench`.
 */
export function subgraphFetcher(options: SubgraphFetcherOptions): Fetcher {
  const pool = { keepAlive: true, maxSockets: options.maxSockets, maxFreeSockets: options.maxSockets, timeout: IDLE_SOCKET_MS };
  const http = new HttpAgent(pool);
  const https = new HttpsAgent(pool);
  type Init = { method?: string; headers?: Record<string, string>; body?: string };
  // A kept-alive socket the subgraph closed just as it was taken again fails before any answer:
  // a read is sent once more on a new socket (Node's advice for reused sockets); a write is not.
  const send = (url: string, init?: Init, again = true): Promise<SubgraphResponse> =>
    once(url, init).catch((error: NodeJS.ErrnoException & { reusedSocket?: boolean }) => {
      if (again && error.reusedSocket && error.code === 'ECONNRESET' && isRead(init?.body)) return send(url, init, false);
      throw error;
    });
  const once = (url: string, init?: Init) =>
    new Promise<SubgraphResponse>((resolve, reject) => {
      const secure = url.startsWith('https:');
      const body = init?.body ?? '';
      const req = (secure ? httpsRequest : httpRequest)(url, {
        method: init?.method ?? 'POST',
        headers: { ...init?.headers, 'content-length': Buffer.byteLength(body) },
        agent: secure ? https : http,
        timeout: options.timeoutMs,
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(new SubgraphResponse(url, res.statusCode ?? 0, res.statusMessage ?? '', res.headers, chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8'))));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
      req.on('error', (error) => reject(Object.assign(error, { reusedSocket: req.reusedSocket })));
      req.end(body);
    });
  const { tracer } = options;
  const traced = (url: string, init?: Init) => {
    if (!tracer) return send(url, init);
    return inSpan(tracer, `subgraph ${options.name ?? url}`, { kind: SpanKind.CLIENT, attributes: { 'server.address': url } }, (span) => {
      const headers = { ...init?.headers };
      injectTraceHeaders(headers);
      return send(url, { ...init, headers }).then((response) => {
        span.setAttribute('http.response.status_code', response.status);
        return response;
      });
    });
  };
  const replicas = options.replicas && options.replicas.length > 1 ? new ReplicaSet(options.replicas, options.downForMs) : undefined;
  const fetcher = !replicas ? traced : async (_url: string, init?: Init) => {
    let failure: unknown;
    for (const url of replicas.order()) {
      try {
        return await traced(url, init);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? '';
        if (!NEVER_SENT.has(code) && !(isRead(init?.body) && code === 'ECONNRESET')) throw error;
        if (NEVER_SENT.has(code)) replicas.markDown(url);
        failure = error;
      }
    }
    throw failure;
  };
  const coalescer = new ReadCoalescer();
  const shared = (url: string, init?: Init) => {
    const headers = init?.headers;
    if (!headers || !(SHAREABLE_HEADER in headers)) return fetcher(url, init);
    const { [SHAREABLE_HEADER]: _shareable, ...sent } = headers;
    const request = { ...init, headers: sent };
    // Traced, every call is its caller's own span.
    if (!isRead(init.body) || tracer) return fetcher(url, request);
    return coalescer.read(`${url}\n${JSON.stringify(sent)}\n${init.body}`, () => fetcher(url, request));
  };
  return shared as unknown as Fetcher;
}
