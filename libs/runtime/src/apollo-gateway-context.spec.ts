import { ApolloServer, HeaderMap } from '@apollo/server';
import { type GatewayExecutor, type GatewayInterface } from '@apollo/server-gateway-interface';
import { buildSchema } from 'graphql';

import { apolloGatewayContext, leanGatewayContext, leanGatewayContexts, useLeanGatewayContexts } from './apollo-gateway-context';

const sampleContext = () => ({
  request: { query: '{ a }', operationName: 'A', variables: { x: 1 }, http: { method: 'POST', search: 'x=1', headers: new HeaderMap([['accept', 'application/json']]) } },
  response: { http: { status: undefined as number | undefined, headers: new HeaderMap() } },
  contextValue: { caller: 'c' },
  schema: 'schema',
  queryHash: 'hash',
  document: 'document',
  source: '{ a }',
  operationName: 'A',
  operation: 'operation',
  errors: undefined,
  metrics: { m: 1 },
  overallCachePolicy: 'policy',
  requestIsBatched: false,
});

/** A gateway whose executor hands each request context it is given to `seen` and answers `{ a: "x" }`. */
function recordingGateway(seen: (context: Parameters<GatewayExecutor>[0]) => void): GatewayInterface {
  const schema = buildSchema('type Query { a: String }');
  const executor: GatewayExecutor = async (context) => {
    seen(context);
    context.response!.http!.status = 203;
    context.response!.http!.headers.set('x-seen', context.request.http!.headers.get('x-caller') ?? 'none');
    return { data: { a: 'x' } };
  };
  return {
    onSchemaLoadOrUpdate: (callback) => {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    load: async () => ({ executor }),
    stop: async () => undefined,
  };
}

/**
 * Issue 14: the executor's request context without Apollo Server's per-request accessor literal
 * (which kept every request's objects until a full collection), and otherwise the same.
 */
describe('lean gateway request contexts', () => {
  it('are in place: Apollo Server still has the function they replace', () => {
    expect(useLeanGatewayContexts()).toBe(true);
    expect(leanGatewayContexts()).toBe(true);
    expect(useLeanGatewayContexts()).toBe(true); // once is enough; again changes nothing
    expect(apolloGatewayContext()).toEqual(expect.any(Function));
  });

  it('give the executor what Apollo Server gives it, field for field', () => {
    const server = { logger: 'logger', cache: 'cache' };
    const internals = { includeStacktraceInErrorResponses: false };
    const theirs = apolloGatewayContext()!(sampleContext(), server, internals) as Record<string, Record<string, unknown>>;
    const apolloContext = sampleContext();
    const ours = leanGatewayContext(apolloContext, server, internals) as Record<string, Record<string, unknown>>;
    const plain = ({ request, response: _response, ...rest }: Record<string, Record<string, unknown>>) => ({ ...rest, request: { ...request, http: { ...(request.http as object), headers: undefined } } });
    expect(plain(ours)).toEqual(plain(theirs));
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
    const http = ours.response.http as { status?: number; headers: { get(name: string): string | null; append(name: string, value: string): void } };
    // The status and headers are Apollo Server's own response's, read and written through.
    http.status = 418;
    expect(apolloContext.response.http.status).toBe(418);
    apolloContext.response.http.status = 201;
    expect(http.status).toBe(201);
    http.headers.append('vary', 'a');
    http.headers.append('vary', 'b');
    expect(apolloContext.response.http.headers.get('vary')).toBe('a, b');
    expect(http.headers.get('absent')).toBeNull();
    const headers = (ours.request.http as { headers: { get(name: string): string | null } }).headers;
    expect(headers.get('accept')).toBe('application/json');
    // Accessors on a prototype, not on each object: what spares the per-request hidden class.
    expect(Object.getOwnPropertyDescriptor(http, 'status')).toBeUndefined();
  });

  it('are what Apollo Server hands a gateway executor, whose status and headers reach the HTTP response', async () => {
    useLeanGatewayContexts();
    let given: Parameters<GatewayExecutor>[0] | undefined;
    const apollo = new ApolloServer({ gateway: recordingGateway((context) => (given = context)) });
    await apollo.start();
    try {
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: 'POST', headers: new HeaderMap([['content-type', 'application/json'], ['x-caller', 'desk']]), search: '', body: { query: '{ a }' } },
        context: async () => ({}),
      });
      expect(response.status).toBe(203);
      expect(response.headers.get('x-seen')).toBe('desk');
      expect(response.body.kind === 'complete' && JSON.parse(response.body.string)).toEqual({ data: { a: 'x' } });
      expect(Object.getOwnPropertyDescriptor(given!.response!.http, 'status')).toBeUndefined();
      expect(given!.source).toBe('{ a }');
    } finally {
      await apollo.stop();
    }
  });
});
