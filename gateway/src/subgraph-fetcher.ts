import { type IncomingHttpHeaders } from 'node:http';

import { type RemoteGraphQLDataSource } from '@apollo/gateway';
import { ErrorCode } from '@pm/errors';
import { BATCH_CONTENT_TYPE, decodeBatchAnswers, injectTraceHeaders, inSpan, MAX_BATCH_OPERATIONS, MAX_BODY_BYTES, SERVER_KEEP_ALIVE_MS, SpanKind, type Tracer } from '@pm/runtime';
import { type GraphQLFormattedError } from 'graphql';
import { Pool } from 'undici';

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
  /**
   * Reads to the subgraph asked for in one turn of the event loop go as one request (libs/runtime
   * batch.ts); a subgraph that does not take batches gets them one by one. Not when traced: each
   * call is then its caller's own span. @default false
   */
  batch?: boolean;
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
function isQuery(body: string | undefined): boolean {
  const match = body ? /^\{"query":"\s*(\w+|\{)/.exec(body) : null;
  return match ? match[1] === '{' || match[1] === 'query' : false;
}

type Init = { method?: string; headers?: Record<string, string>; body?: string };

/** A read: a query, or a batch (only reads are batched). */
const isRead = (init: Init | undefined): boolean => init?.headers?.['content-type'] === BATCH_CONTENT_TYPE || isQuery(init?.body);

/**
 * Set by the gateway on a read it may share (the caller's reads are not audited one by one); taken
 * off before the request leaves.
 */
export const SHAREABLE_HEADER = 'x-pm-shareable';

type Waiter = { resolve: (response: SubgraphResponse) => void; reject: (error: unknown) => void };
interface Queued {
  init: Init;
  /** Identical shareable reads have the same key and share one request. */
  key?: string;
  waiters: Waiter[];
}

/**
 * Reads asked for in one turn of the event loop, sent at the end of that turn, grouped by subgraph.
 *
 * Identical reads (same subgraph, same signed caller, same query and variables) go out as one
 * request; each asker parses the answer for itself. Only reads not yet sent are joined, never one
 * already on its way: every asker's request is older than the read that answers it, so a caller
 * always sees at least what was committed before they asked (Hive Gateway joins reads already in
 * flight). The other reads of a group go together as one batch (libs/runtime batch.ts), when the
 * fetcher batches.
 */
class TurnQueue {
  private readonly byUrl = new Map<string, Queued[]>();
  private readonly byKey = new Map<string, Queued>();
  private scheduled = false;

  constructor(private readonly send: (url: string, group: Queued[]) => void) {}

  add(url: string, init: Init, key?: string): Promise<SubgraphResponse> {
    return new Promise<SubgraphResponse>((resolve, reject) => {
      const waiter = { resolve, reject };
      const same = key === undefined ? undefined : this.byKey.get(key);
      if (same) {
        same.waiters.push(waiter);
        return;
      }
      const queued: Queued = { init, key, waiters: [waiter] };
      if (key !== undefined) this.byKey.set(key, queued);
      let group = this.byUrl.get(url);
      if (!group) {
        group = [];
        this.byUrl.set(url, group);
      }
      group.push(queued);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const groups = [...this.byUrl];
    this.byUrl.clear();
    this.byKey.clear();
    for (const [url, group] of groups) this.send(url, group);
  }
}

/** Batches sent by every fetcher of this process, and the reads they carried (for /metrics). */
export const subgraphBatches = { batches: 0, reads: 0 };

/** A batch's body stays well under a subgraph's body limit (MAX_BODY_BYTES); a read larger than this goes alone. */
const MAX_BATCH_CHARS = MAX_BODY_BYTES / 4;

/** One read as an element of a batch's body. */
const batchItem = (queued: Queued) => `{"headers":${JSON.stringify(queued.init.headers ?? {})},"body":${queued.init.body ?? 'null'}}`;

/** A group of reads cut into batches (their body elements) of at most MAX_BATCH_OPERATIONS and MAX_BATCH_CHARS. */
function batchesOf(group: Queued[]): { queued: Queued[]; items: string[] }[] {
  const batches: { queued: Queued[]; items: string[] }[] = [];
  let current: { queued: Queued[]; items: string[] } = { queued: [], items: [] };
  let chars = 0;
  for (const queued of group) {
    const item = batchItem(queued);
    if (current.items.length && (current.items.length === MAX_BATCH_OPERATIONS || chars + item.length > MAX_BATCH_CHARS)) {
      batches.push(current);
      current = { queued: [], items: [] };
      chars = 0;
    }
    current.queued.push(queued);
    current.items.push(item);
    chars += item.length + 1;
  }
  if (current.items.length) batches.push(current);
  return batches;
}

/** How long a subgraph that refused a batch is sent reads one by one before it is offered batches again (it may have been updated). */
const NO_BATCHES_FOR_MS = 60_000;

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

/** undici's codes for a connection that closed or failed after the request may have been sent: as node:http's reset. */
const RESET = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const TIMED_OUT = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * The gateway's HTTP client to its subgraphs: one undici pool of keep-alive connections per
 * subgraph replica, with an upstream timeout, instead of make-fetch-happen (an HTTP cache and
 * stream layers on every call that a POST to a subgraph never uses) and then node:http's client
 * (about 75 µs of CPU a call against undici's 45 µs, measured with 50 callers on one machine; the
 * difference was a tenth of the gateway's CPU on a page of tickets). Measured with `npm run bench`.
 */
export function subgraphFetcher(options: SubgraphFetcherOptions): Fetcher {
  const pools = new Map<string, Pool>();
  const poolOf = (origin: string) => {
    let pool = pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: options.maxSockets,
        pipelining: 1,
        keepAliveTimeout: IDLE_SOCKET_MS,
        keepAliveMaxTimeout: IDLE_SOCKET_MS,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
        connectTimeout: options.timeoutMs,
      });
      pools.set(origin, pool);
    }
    return pool;
  };
  // A kept-alive connection the subgraph closed just as it was taken again fails before any
  // answer: a read is sent once more (safe: it changes nothing); a write is not, it may have been done.
  const send = (url: string, init?: Init, again = true): Promise<SubgraphResponse> =>
    once(url, init).catch((error: NodeJS.ErrnoException) => {
      if (again && error.code === 'ECONNRESET' && isRead(init)) return send(url, init, false);
      throw error;
    });
  const targets = new Map<string, { origin: string; path: string }>();
  const once = async (url: string, init?: Init): Promise<SubgraphResponse> => {
    let target = targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      target = { origin: parsed.origin, path: parsed.pathname + parsed.search };
      targets.set(url, target);
    }
    try {
      const response = await poolOf(target.origin).request({ path: target.path, method: (init?.method ?? 'POST') as 'POST', headers: init?.headers, body: init?.body ?? '' });
      const text = await response.body.text();
      return new SubgraphResponse(url, response.statusCode, '', response.headers as IncomingHttpHeaders, text);
    } catch (caught) {
      const error = caught as NodeJS.ErrnoException;
      if (TIMED_OUT.has(error.code ?? '')) throw Object.assign(new Error(`no answer within ${options.timeoutMs} ms`), { code: 'ETIMEDOUT' });
      if (RESET.has(error.code ?? '')) throw Object.assign(new Error(`${target.origin} closed the connection: ${error.message}`), { code: 'ECONNRESET', cause: error });
      throw error;
    }
  };
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
        if (!NEVER_SENT.has(code) && !(isRead(init) && code === 'ECONNRESET')) throw error;
        if (NEVER_SENT.has(code)) replicas.markDown(url);
        failure = error;
      }
    }
    throw failure;
  };
  const settle = (queued: Queued, answer: Promise<SubgraphResponse>) =>
    answer.then((response) => queued.waiters.forEach((w) => w.resolve(response)), (error: unknown) => queued.waiters.forEach((w) => w.reject(error)));
  const batching = Boolean(options.batch) && !tracer;
  const refusedBatches = new Map<string, number>();
  const sendBatch = async (url: string, batch: Queued[], items: string[]) => {
    subgraphBatches.batches++;
    subgraphBatches.reads += batch.length;
    const response = await fetcher(url, { method: 'POST', headers: { 'content-type': BATCH_CONTENT_TYPE }, body: `[${items.join(',')}]` });
    // A subgraph that does not take batches (an older one, during a rolling update) gets each alone.
    if (response.status !== 200 || response.headers.get('content-type') !== BATCH_CONTENT_TYPE) {
      refusedBatches.set(url, Date.now() + NO_BATCHES_FOR_MS);
      for (const queued of batch) void settle(queued, fetcher(url, queued.init));
      return;
    }
    const answers = decodeBatchAnswers(await response.text());
    if (answers.length !== batch.length) throw new Error(`${url} answered ${answers.length} of a batch of ${batch.length}`);
    batch.forEach((queued, i) => {
      const { status, contentType, body } = answers[i];
      const answer = new SubgraphResponse(response.url, status, '', { 'content-type': contentType }, body);
      for (const waiter of queued.waiters) waiter.resolve(answer);
    });
  };
  const turns = new TurnQueue((url, group) => {
    if (!batching || group.length === 1 || (refusedBatches.get(url) ?? 0) > Date.now()) {
      for (const queued of group) void settle(queued, fetcher(url, queued.init));
      return;
    }
    for (const { queued, items } of batchesOf(group)) {
      if (queued.length === 1) void settle(queued[0], fetcher(url, queued[0].init));
      else sendBatch(url, queued, items).catch((error: unknown) => queued.forEach((q) => q.waiters.forEach((w) => w.reject(error))));
    }
  });
  const shared = (url: string, init?: Init) => {
    if (!init?.headers || !(SHAREABLE_HEADER in init.headers)) {
      return batching && !tracer && isQuery(init?.body) ? turns.add(url, init!) : fetcher(url, init);
    }
    const { [SHAREABLE_HEADER]: _shareable, ...sent } = init.headers;
    const request = { ...init, headers: sent };
    // Traced, every call is its caller's own span.
    if (tracer || !isQuery(request.body)) return fetcher(url, request);
    return turns.add(url, request, `${url}\n${JSON.stringify(sent)}\n${request.body}`);
  };
  // A failure on the network names its subgraph, for the answer's error (unavailableError).
  const named = (url: string, init?: Init) =>
    shared(url, init).catch((error: unknown) => {
      if (options.name && typeof error === 'object' && error !== null && NETWORK_FAILURES.has((error as NodeJS.ErrnoException).code ?? '')) Object.assign(error, { subgraph: options.name, timeoutMs: options.timeoutMs });
      throw error;
    });
  return named as unknown as Fetcher;
}

/** What a subgraph call may fail with on the network: no answer in time, refused, reset or lost. */
const NETWORK_FAILURES = new Set(['ETIMEDOUT', 'ECONNRESET', ...NEVER_SENT]);

/**
 * A subgraph that did not answer in time or could not be reached, as the client is told it: which
 * service, and that trying again may help (SERVICE_UNAVAILABLE), not a bare internal error; the
 * other subgraphs' parts of the answer are still given. Undefined for any other error.
 */
export function unavailableError(formatted: GraphQLFormattedError, original: unknown): GraphQLFormattedError | undefined {
  const cause = ((original as { originalError?: unknown } | undefined)?.originalError ?? original) as (NodeJS.ErrnoException & { subgraph?: string; timeoutMs?: number }) | undefined;
  if (!cause?.subgraph || !NETWORK_FAILURES.has(cause.code ?? '')) return undefined;
  const what = cause.code === 'ETIMEDOUT' ? `did not answer within ${cause.timeoutMs} ms` : 'could not be reached';
  return { message: `The ${cause.subgraph} service ${what}; try again shortly`, path: formatted.path, extensions: { code: ErrorCode.ServiceUnavailable, service: cause.subgraph } };
}
