import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { IDENTITY_HEADER, type Identity, mayUnmask, signIdentity } from '@pm/identity';
import { GraphQLError } from 'graphql';

import { SHAREABLE_HEADER } from './subgraph-fetcher';

/** What the gateway knows of a request when it calls a subgraph. */
export interface GatewayContext {
  identity: Identity;
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
export class SignedIdentityDataSource extends RemoteGraphQLDataSource<GatewayContext> {
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

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<Answer> {
    const { request } = options;
    if (!request.query) throw new Error('Missing query');
    const headers: Record<string, string> = {};
    for (const [name, value] of request.http?.headers ?? []) headers[name.toLowerCase()] = value;
    headers['content-type'] = 'application/json';
    const identity = (options.context as Partial<GatewayContext> | undefined)?.identity;
    if (identity) {
      headers[IDENTITY_HEADER] = this.signedHeader(identity);
      // Identical reads of one caller in one turn may share a request, unless each of their reads of
      // personal data is audited on its own (a project manager's).
      if (!mayUnmask(identity)) headers[SHAREABLE_HEADER] = '1';
    }
    const { query, variables, operationName, extensions } = request;
    const body = JSON.stringify({ query, variables, operationName, extensions });
    const response = await this.fetcher(this.url!, { method: 'POST', headers, body });
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
