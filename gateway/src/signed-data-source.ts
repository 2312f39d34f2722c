import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { IDENTITY_HEADER, type Identity, mayUnmask, signIdentity } from '@pm/identity';
import { GraphQLError } from 'graphql';

import { type Answer as EntityAnswer, isEntityFetch, mergeEntityFetches, splitEntityAnswer } from './execution/entity-merging';
import { type TextAnswer, type TextAnswering } from './execution/pass-through';
import { type PreparedReads } from './execution/prepared-reads';
import { SHAREABLE_HEADER } from './subgraph-fetcher';

/** What the gateway knows of a request when it calls a subgraph. */
export interface GatewayContext {
  identity: Identity;
  /**
   * The answer is only ever written out as JSON (the HTTP endpoint's requests), so a subgraph's may
   * be sent on as its text (execution/pass-through.ts); operations run inside the gateway (live
   * boards, CSV reports) read their data and leave it unset.
   */
  answerAsText?: boolean;
  /** Where a query passed through is remembered, to be served without Apollo Server's pipeline the next time (execution/prepared-reads.ts). */
  preparedReads?: PreparedReads;
  /** A subgraph's answer asked for as text and handed back to be read the ordinary way (see `keepAnswer`). */
  keptAnswer?: { source: object; query: string; answer: Promise<TextAnswer> };
}

type Fetcher = NonNullable<RemoteGraphQLDataSource['fetcher']>;
type Answer = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;
type WaitingFetch = { request: SentRequest; resolve: (answer: Answer) => void; reject: (error: unknown) => void };
type SentRequest = { query?: string; variables?: Record<string, unknown>; operationName?: string; extensions?: unknown; http?: { headers?: Iterable<[string, string]> } };

/** How long one signed identity header is reused for a caller (subgraphs accept one for five minutes). */
const SIGNED_FOR_MS = 30_000;

/**
 * Forwards the caller's identity to every subgraph, signed so subgraphs can trust it, over a lean
 * keep-alive HTTP client with an upstream timeout (subgraph-fetcher.ts).
 *
 * `process` is RemoteGraphQLDataSource's, less what this gateway never uses: the base class builds
 * node-fetch Headers and a node-fetch Request for every call (only to hand them to hooks nobody
 * overrides here), reads cache-control and sends persisted-query hashes; here the call is the
 * headers as a plain object and the body as JSON, and the answer is read as the base class reads it.
 */
export class SignedIdentityDataSource extends RemoteGraphQLDataSource<GatewayContext> implements TextAnswering {
  private readonly mergeEntityFetches: boolean;

  constructor(url: string, private readonly secret: string, fetcher: Fetcher, options: { mergeEntityFetches?: boolean } = {}) {
    super({ url, fetcher, honorSubgraphCacheControlHeader: false });
    this.mergeEntityFetches = options.mergeEntityFetches ?? true;
  }

  /** `_entities` fetches of one request waiting for the end of this turn, to go as one operation (execution/entity-merging.ts). */
  private readonly entityFetches = new Map<object, WaitingFetch[]>();

  /** The header each caller was last given, signed again after SIGNED_FOR_MS. */
  private readonly signed = new WeakMap<Identity, { header: string; until: number }>();

  private signedHeader(identity: Identity): string {
    const now = Date.now();
    let signed = this.signed.get(identity);
    if (!signed || signed.until <= now) {
      signed = { header: signIdentity(identity, this.secret, now), until: now + SIGNED_FOR_MS };
      this.signed.set(identity, signed);
    }
    return signed.header;
  }

  /**
   * The answer kept in `context` for this source and `query` (execution/pass-through.ts,
   * execution/prepared-reads.ts), taken: it answers once. Kept in the context object itself, which
   * Apollo Server copies (shallowly) for its pipeline: a prepared read hands its answer over that way.
   */
  private takeKept(context: unknown, query: string): Promise<TextAnswer> | undefined {
    const slot = (context as Partial<GatewayContext> | undefined)?.keptAnswer;
    if (!slot || slot.source !== this || slot.query !== query) return undefined;
    (context as GatewayContext).keptAnswer = undefined;
    return slot.answer;
  }

  /** The request as this gateway sends it: the caller's identity signed, JSON, through the lean fetcher. */
  private send(request: SentRequest, context: unknown) {
    const headers: Record<string, string> = {};
    for (const [name, value] of request.http?.headers ?? []) headers[name.toLowerCase()] = value;
    headers['content-type'] = 'application/json';
    const identity = (context as Partial<GatewayContext> | undefined)?.identity;
    if (identity) {
      headers[IDENTITY_HEADER] = this.signedHeader(identity);
      // Identical reads of one caller in one turn may share a request, unless each of their reads of
      // personal data is audited on its own (a project manager's).
      if (!mayUnmask(identity)) headers[SHAREABLE_HEADER] = '1';
    }
    const { query, variables, operationName, extensions } = request;
    const body = JSON.stringify({ query, variables, operationName, extensions });
    return this.fetcher(this.url!, { method: 'POST', headers, body });
  }

  /** The subgraph's answer to `request`, unread (execution/pass-through.ts sends its text on). */
  answerAsText(request: { query: string; variables: Record<string, unknown>; operationName?: string }, context: unknown): Promise<TextAnswer> {
    return this.takeKept(context, request.query) ?? this.send(request, context);
  }

  keepAnswer(context: object, query: string, answer: Promise<TextAnswer>): void {
    (context as GatewayContext).keptAnswer = { source: this, query, answer };
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<Answer> {
    const { request, context } = options;
    if (!request.query) throw new Error('Missing query');
    const kept = this.takeKept(context, request.query);
    if (kept) return this.answerOf(kept);
    const sent = request as SentRequest;
    if (this.mergeEntityFetches && context && !sent.extensions && isEntityFetch(sent as Parameters<typeof isEntityFetch>[0])) return this.entities(sent, context);
    return this.answerOf(this.send(sent, context));
  }

  /** An answer read as RemoteGraphQLDataSource reads it. */
  private async answerOf(sending: Promise<unknown>): Promise<Answer> {
    const response = (await sending) as Awaited<ReturnType<Fetcher>>;
    if (!response.ok) throw await this.errorFromResponse(response);
    const answer = await this.parseBody(response);
    if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) throw new Error(`Expected JSON response body, but received: ${answer}`);
    return { ...(answer as object), http: response } as Answer;
  }

  /**
   * An `_entities` fetch waits until the fetches started with it have been made (as DataLoader
   * waits: after the promise jobs of this turn), then every one of the request's goes as one
   * operation and each gets its own part of the answer.
   */
  private entities(request: SentRequest, context: object): Promise<Answer> {
    return new Promise((resolve, reject) => {
      let waiting = this.entityFetches.get(context);
      if (!waiting) {
        const batch: WaitingFetch[] = [];
        waiting = batch;
        this.entityFetches.set(context, batch);
        void Promise.resolve().then(() => process.nextTick(() => {
          this.entityFetches.delete(context);
          void this.sendEntities(batch, context);
        }));
      }
      waiting.push({ request, resolve, reject });
    });
  }

  private async sendEntities(batch: WaitingFetch[], context: object): Promise<void> {
    try {
      if (batch.length === 1) {
        batch[0].resolve(await this.answerOf(this.send(batch[0].request, context)));
        return;
      }
      const merged = mergeEntityFetches(batch.map((b) => b.request as Parameters<typeof mergeEntityFetches>[0][number]));
      const answer = await this.answerOf(this.send({ ...merged, http: batch[0].request.http }, context));
      const parts = splitEntityAnswer(answer as unknown as EntityAnswer, batch.length);
      batch.forEach((b, i) => b.resolve({ ...parts[i], http: answer.http } as unknown as Answer));
    } catch (error) {
      for (const b of batch) b.reject(error);
    }
  }

  /**
   * A subgraph that refuses a request with an HTTP error (400 for a variable its scalars reject)
   * still explains why in GraphQL errors: pass the first one on as it is, not as an internal error
   * that names the subgraph's URL.
   */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    const body = (await this.parseBody(response).catch(() => undefined)) as { errors?: { message?: string; extensions?: Record<string, unknown> }[] } | undefined;
    const first = body && typeof body === 'object' ? body.errors?.[0] : undefined;
    const code = first?.extensions?.code;
    if (first?.message && typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
      const { code: _code, field, reason } = first.extensions ?? {};
      return new GraphQLError(first.message, { extensions: { code, ...(field ? { field } : {}), ...(reason ? { reason } : {}) } });
    }
    return new GraphQLError(`A service answered ${response.status}`, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  }
}
