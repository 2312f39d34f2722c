import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { IDENTITY_HEADER, type Identity, mayUnmask, signIdentity } from '@pm/identity';
import { GraphQLError } from 'graphql';

import { type TextAnswer, type TextAnswering } from './execution/pass-through';
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
}

type Fetcher = NonNullable<RemoteGraphQLDataSource['fetcher']>;
type Answer = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

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
  constructor(url: string, private readonly secret: string, fetcher: Fetcher) {
    super({ url, fetcher, honorSubgraphCacheControlHeader: false });
  }

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

  /** Answers a pass-through asked for and handed back (execution/pass-through.ts), per request context. */
  private readonly kept = new WeakMap<object, Promise<TextAnswer>>();

  /** The request as this gateway sends it: the caller's identity signed, JSON, through the lean fetcher. */
  private send(request: { query?: string; variables?: Record<string, unknown>; operationName?: string; extensions?: unknown; http?: { headers?: Iterable<[string, string]> } }, context: unknown) {
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
    return this.send(request, context);
  }

  keepAnswer(context: object, answer: Promise<TextAnswer>): void {
    this.kept.set(context, answer);
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<Answer> {
    const { request } = options;
    if (!request.query) throw new Error('Missing query');
    const kept = options.context ? this.kept.get(options.context) : undefined;
    if (kept) this.kept.delete(options.context);
    const response = (await (kept ?? this.send(request as Parameters<SignedIdentityDataSource['send']>[0], options.context))) as Awaited<ReturnType<Fetcher>>;
    if (!response.ok) throw await this.errorFromResponse(response);
    const answer = await this.parseBody(response);
    if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) throw new Error(`Expected JSON response body, but received: ${answer}`);
    return { ...(answer as object), http: response } as Answer;
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
