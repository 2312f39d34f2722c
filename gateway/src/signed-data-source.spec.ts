import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import { IDENTITY_HEADER, type Identity, identityVerifier, Role } from '@pm/identity';

import { SignedIdentityDataSource } from './signed-data-source';
import { SHAREABLE_HEADER, subgraphFetcher } from './subgraph-fetcher';

const SECRET = 'spec-identity-secret-of-enough-length';
const desk: Identity = { kind: 'staff', sub: 'desk-1', name: '前台', roles: [Role.FRONT_DESK], propertyIds: ['p1'] };
const manager: Identity = { kind: 'staff', sub: 'pm-1', name: '项目经理', roles: [Role.PROJECT_MANAGER], propertyIds: ['p1'] };

interface Seen {
  headers: IncomingHttpHeaders;
  body: string;
}

describe('the gateway calling a subgraph as the caller (issue 14: without node-fetch on every call)', () => {
  let server: Server;
  let url: string;
  const seen: Seen[] = [];
  let answer: { status: number; body: string } = { status: 200, body: '{"data":{"ok":true}}' };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const call = (identity: Identity, request: { query: string; variables?: Record<string, unknown>; operationName?: string }) => {
    const source = new SignedIdentityDataSource(url, SECRET, subgraphFetcher({ timeoutMs: 2000, maxSockets: 2 }));
    return source.process({ kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION, request, context: { identity }, incomingRequestContext: {} as never });
  };

  it('sends the operation as JSON, query first, with the caller signed in a header the subgraph verifies', async () => {
    seen.length = 0;
    const response = await call(desk, { query: 'query T($id: ID!) { ticket(id: $id) { id } }', variables: { id: '7' }, operationName: 'T' });
    expect(response.data).toEqual({ ok: true });
    expect(seen[0].body).toBe('{"query":"query T($id: ID!) { ticket(id: $id) { id } }","variables":{"id":"7"},"operationName":"T"}');
    expect(seen[0].headers['content-type']).toBe('application/json');
    expect(identityVerifier(SECRET)(seen[0].headers[IDENTITY_HEADER] as string)).toMatchObject({ sub: 'desk-1', roles: [Role.FRONT_DESK] });
  });

  it('lets one caller\'s identical reads of one turn share a request, except a project manager\'s (each of their reads of personal data is audited)', async () => {
    const source = new SignedIdentityDataSource(url, SECRET, subgraphFetcher({ timeoutMs: 2000, maxSockets: 2 }));
    const twice = (identity: Identity) => Promise.all([1, 2].map(() =>
      source.process({ kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION, request: { query: '{ a }' }, context: { identity }, incomingRequestContext: {} as never })));
    seen.length = 0;
    await twice(desk);
    expect(seen).toHaveLength(1);
    expect(seen[0].headers[SHAREABLE_HEADER]).toBeUndefined();
    seen.length = 0;
    await twice(manager);
    expect(seen).toHaveLength(2);
  });

  it('passes on the subgraph\'s own reason for refusing a request, and hides everything else behind a plain error', async () => {
    answer = { status: 400, body: '{"errors":[{"message":"until must be later","extensions":{"code":"BAD_USER_INPUT","field":"until","stacktrace":["x"]}}]}' };
    await expect(call(desk, { query: '{ a }' })).rejects.toMatchObject({ message: 'until must be later', extensions: { code: 'BAD_USER_INPUT', field: 'until' } });
    answer = { status: 502, body: '<html>bad gateway</html>' };
    await expect(call(desk, { query: '{ a }' })).rejects.toMatchObject({ message: 'A service answered 502', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    answer = { status: 200, body: '[1]' };
    await expect(call(desk, { query: '{ a }' })).rejects.toThrow(/Expected JSON response body/);
    answer = { status: 200, body: '{"data":{"ok":true}}' };
  });
});
