import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

import { BATCH_CONTENT_TYPE, encodeBatchAnswers, MAX_BATCH_OPERATIONS } from '@pm/runtime';

import { ReplicaSet, SHAREABLE_HEADER, subgraphFetcher, unavailableError } from './subgraph-fetcher';

type Call = (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{ status: number; text(): Promise<string> }>;

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };
}

describe('subgraph replicas without a load balancer (issue 16)', () => {
  it('goes round robin and puts replicas marked down last until their pause is over', () => {
    const set = new ReplicaSet(['a', 'b', 'c'], 1000);
    expect([set.order(0)[0], set.order(0)[0], set.order(0)[0], set.order(0)[0]]).toEqual(['a', 'b', 'c', 'a']);
    set.markDown('c', 0);
    expect(set.order(10)).toEqual(['b', 'a', 'c']);
    expect(set.order(10)).toEqual(['a', 'b', 'c']);
    expect(set.order(2000)).toEqual(['a', 'b', 'c']);
  });

  it('a replica that refuses connections costs no call; one that drops a call it received fails that call', async () => {
    const served: string[] = [];
    const live = await listen((req, res) => {
      served.push(req.url ?? '');
      res.end('{"data":{"ok":true}}');
    });
    const gone = await listen(() => undefined);
    await new Promise((resolve) => gone.server.close(resolve));
    const fetch = subgraphFetcher({ timeoutMs: 2000, maxSockets: 4, replicas: [gone.url, live.url] }) as unknown as Call;
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' };
    const answers = await Promise.all(Array.from({ length: 6 }, () => fetch(gone.url, init).then((r) => r.text())));
    expect(answers).toEqual(Array(6).fill('{"data":{"ok":true}}'));
    expect(served).toHaveLength(6);

    // The request reached this replica, which died before answering: a mutation sent elsewhere could
    // be done twice, so it fails; a read goes to the next replica.
    const dropping = await listen((req) => req.socket.destroy());
    const second = subgraphFetcher({ timeoutMs: 2000, maxSockets: 4, replicas: [dropping.url, live.url] }) as unknown as Call;
    await expect(second(dropping.url, { ...init, body: '{"query":"mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }"}' })).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(served).toHaveLength(6);
    const third = subgraphFetcher({ timeoutMs: 2000, maxSockets: 4, replicas: [dropping.url, live.url] }) as unknown as Call;
    const read = await third(dropping.url, { ...init, body: '{"query":"query($representations:[_Any!]!){_entities(representations:$representations){__typename}}"}' });
    expect(await read.text()).toBe('{"data":{"ok":true}}');
    expect(served).toHaveLength(7);
    await Promise.all([live.server, dropping.server].map((s) => new Promise((resolve) => s.close(resolve))));
  });
});

describe('kept-alive sockets to a subgraph', () => {
  it('a read whose reused socket the subgraph had just closed is sent again on a new one; a write is not', async () => {
    // Each connection answers its first request and drops the next: as a subgraph closing an idle
    // kept-alive socket the moment the gateway takes it again.
    const served: string[] = [];
    const subgraph = await listen((req, res) => {
      const socket = req.socket as typeof req.socket & { answered?: boolean };
      if (socket.answered) return void socket.destroy();
      socket.answered = true;
      served.push(req.method ?? '');
      res.end('{"data":{"ok":true}}');
    });
    const fetch = subgraphFetcher({ timeoutMs: 2000, maxSockets: 1 }) as unknown as Call;
    const read = { method: 'POST', headers: {}, body: '{"query":"query($id: ID!) { ticket(id: $id) { number } }","variables":{"id":"t1"}}' };
    const write = { method: 'POST', headers: {}, body: '{"query":"mutation($id: ID!) { startTicket(id: $id) { id } }","variables":{"id":"t1"}}' };
    expect(await (await fetch(subgraph.url, read)).text()).toBe('{"data":{"ok":true}}');
    expect(await (await fetch(subgraph.url, read)).text()).toBe('{"data":{"ok":true}}'); // dropped on the reused socket, answered on a new one
    expect(served).toHaveLength(2);
    await expect(fetch(subgraph.url, write)).rejects.toMatchObject({ code: 'ECONNRESET' }); // reused socket, dropped: not sent twice
    expect(served).toHaveLength(2);
    await new Promise((resolve) => subgraph.server.close(resolve));
  });
});

describe('upstream timeout', () => {
  it('a subgraph that does not answer in time fails the call, and the next call is answered', async () => {
    let silent = true;
    const subgraph = await listen((_req, res) => {
      if (!silent) res.end('{"data":{"ok":true}}');
    });
    const fetch = subgraphFetcher({ timeoutMs: 300, maxSockets: 2 }) as unknown as Call;
    const init = { method: 'POST', headers: {}, body: '{"query":"{ ok }"}' };
    const began = Date.now();
    await expect(fetch(subgraph.url, init)).rejects.toThrow('no answer within 300 ms');
    expect(Date.now() - began).toBeLessThan(2000);
    silent = false;
    expect(await (await fetch(subgraph.url, init)).text()).toBe('{"data":{"ok":true}}');
    subgraph.server.closeAllConnections();
    await new Promise((resolve) => subgraph.server.close(resolve));
  });
});

describe('identical reads asked in one turn share one request (issue 14)', () => {
  const read = '{"query":"query($id: ID!) { ticket(id: $id) { number } }","variables":{"id":"t1"}}';

  it('one request for the reads of one caller in one turn, each asker parsing its own copy; none for a read already sent', async () => {
    const bodies: string[] = [];
    const subgraph = await listen((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        bodies.push(`${req.headers['x-pm-identity']}|${req.headers[SHAREABLE_HEADER] ?? ''}|${body}`);
        setTimeout(() => res.end(`{"data":{"n":${bodies.length}}}`), 20);
      });
    });
    const fetch = subgraphFetcher({ timeoutMs: 2000, maxSockets: 8 }) as unknown as (url: string, init: object) => Promise<{ json(): Promise<{ data: { n: number } }> }>;
    const as = (caller: string, body = read, shareable = true) => ({ method: 'POST', headers: { 'x-pm-identity': caller, ...(shareable ? { [SHAREABLE_HEADER]: '1' } : {}) }, body });
    const first = await Promise.all([fetch(subgraph.url, as('wang')), fetch(subgraph.url, as('wang')), fetch(subgraph.url, as('wang'))].map((p) => p.then((r) => r.json())));
    expect(bodies).toEqual([`wang||${read}`]); // one request, and the marker never leaves the gateway
    expect(first.map((r) => r.data.n)).toEqual([1, 1, 1]);
    first[0].data.n = 99;
    expect(first[1].data.n).toBe(1); // each asker has its own objects

    // Another caller, another query, a mutation, a caller whose reads are audited: each its own request.
    bodies.length = 0;
    await Promise.all([
      fetch(subgraph.url, as('wang')),
      fetch(subgraph.url, as('li')),
      fetch(subgraph.url, as('wang', read.replace('t1', 't2'))),
      fetch(subgraph.url, as('wang', '{"query":"mutation { openTicket { id } }"}')),
      fetch(subgraph.url, as('wang', '{"query":"mutation { openTicket { id } }"}')),
      fetch(subgraph.url, as('chen', read, false)),
      fetch(subgraph.url, as('chen', read, false)),
    ]);
    expect(bodies).toHaveLength(7);

    // A read asked while an identical one is already on its way waits for a request of its own.
    bodies.length = 0;
    const sent = fetch(subgraph.url, as('wang'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const later = fetch(subgraph.url, as('wang'));
    await Promise.all([sent, later]);
    expect(bodies).toHaveLength(2);
    await new Promise((resolve) => subgraph.server.close(resolve));
  });
});

describe('reads of several callers in one turn go to a subgraph as one batch (issue 14)', () => {
  const read = (id: string) => `{"query":"query($id: ID!) { ticket(id: $id) { number } }","variables":{"id":"${id}"}}`;
  type BatchCall = (url: string, init: object) => Promise<{ status: number; text(): Promise<string>; headers: { get(name: string): string | null } }>;
  const as = (caller: string, body: string, shareable = true) => ({ method: 'POST', headers: { 'content-type': 'application/json', 'x-pm-identity': caller, ...(shareable ? { [SHAREABLE_HEADER]: '1' } : {}) }, body });

  /** A subgraph that takes batches (or not), answering each operation with its caller and its variables. */
  async function subgraph(takesBatches: boolean) {
    const requests: { type: string; operations: number }[] = [];
    const answerOf = (headers: Record<string, unknown>, body: { variables?: { id?: string }; query?: string }) => `{"data":{"caller":"${String(headers['x-pm-identity'])}","id":"${body.variables?.id ?? body.query}"}}`;
    const server = await listen((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        const type = req.headers['content-type'] ?? '';
        if (type === BATCH_CONTENT_TYPE && takesBatches) {
          const items = JSON.parse(raw) as { headers: Record<string, string>; body: { variables?: { id?: string } } }[];
          requests.push({ type, operations: items.length });
          res.writeHead(200, { 'content-type': BATCH_CONTENT_TYPE });
          res.end(encodeBatchAnswers(items.map((item) => ({ status: item.body.variables?.id === 'bad' ? 400 : 200, contentType: 'application/json', body: answerOf(item.headers, item.body) }))));
          return;
        }
        requests.push({ type, operations: 1 });
        if (type === BATCH_CONTENT_TYPE) return void res.writeHead(400).end('{"errors":[{"message":"POST body missing"}]}');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(answerOf(req.headers, JSON.parse(raw) as { variables?: { id?: string } }));
      });
    });
    return { ...server, requests };
  }

  it('one request for the distinct reads of a turn, each caller getting their own answer and status; identical ones still shared; writes alone', async () => {
    const { server, url, requests } = await subgraph(true);
    const fetch = subgraphFetcher({ timeoutMs: 2000, maxSockets: 8, batch: true }) as unknown as BatchCall;
    const calls = [as('wang', read('t1')), as('li', read('t2')), as('wang', read('t1')), as('chen', read('t3'), false), as('zhao', read('bad'))];
    const answers = await Promise.all(calls.map(async (init) => {
      const response = await fetch(url, init);
      return `${response.status} ${response.headers.get('content-type')} ${await response.text()}`;
    }));
    expect(answers).toEqual([
      '200 application/json {"data":{"caller":"wang","id":"t1"}}',
      '200 application/json {"data":{"caller":"li","id":"t2"}}',
      '200 application/json {"data":{"caller":"wang","id":"t1"}}',
      '200 application/json {"data":{"caller":"chen","id":"t3"}}',
      '400 application/json {"data":{"caller":"zhao","id":"bad"}}',
    ]);
    expect(requests).toEqual([{ type: BATCH_CONTENT_TYPE, operations: 4 }]);

    requests.length = 0;
    await Promise.all([fetch(url, as('wang', '{"query":"mutation { openTicket { id } }"}')), fetch(url, as('li', '{"query":"mutation { openTicket { id } }"}'))]);
    expect(requests).toEqual([{ type: 'application/json', operations: 1 }, { type: 'application/json', operations: 1 }]);
    // One read alone in its turn goes as it is.
    requests.length = 0;
    await fetch(url, as('wang', read('t9')));
    expect(requests).toEqual([{ type: 'application/json', operations: 1 }]);
    await new Promise((resolve) => server.close(resolve));
  });

  it('a subgraph that does not take batches gets the reads one by one, and every caller is answered; it is not offered batches for a while', async () => {
    const { server, url, requests } = await subgraph(false);
    const fetch = subgraphFetcher({ timeoutMs: 2000, maxSockets: 8, batch: true }) as unknown as BatchCall;
    const answers = await Promise.all(['t1', 't2', 't3'].map(async (id, i) => (await fetch(url, as(`caller${i}`, read(id)))).text()));
    expect(answers).toEqual(['t1', 't2', 't3'].map((id, i) => `{"data":{"caller":"caller${i}","id":"${id}"}}`));
    expect(requests.map((r) => r.type)).toEqual([BATCH_CONTENT_TYPE, 'application/json', 'application/json', 'application/json']);
    // Not offered a batch again for a while: no request wasted on every turn.
    requests.length = 0;
    await Promise.all(['t4', 't5'].map(async (id, i) => (await fetch(url, as(`caller${i}`, read(id)))).text()));
    expect(requests.map((r) => r.type)).toEqual(['application/json', 'application/json']);
    await new Promise((resolve) => server.close(resolve));
  });

  it('more reads than a batch holds go in several; a batch that fails fails each of its reads', async () => {
    const { server, url, requests } = await subgraph(true);
    const fetch = subgraphFetcher({ timeoutMs: 2000, maxSockets: 8, batch: true }) as unknown as BatchCall;
    const count = MAX_BATCH_OPERATIONS + 3;
    const answers = await Promise.all(Array.from({ length: count }, async (_, i) => (await fetch(url, as(`c${i}`, read(`t${i}`)))).text()));
    expect(answers[count - 1]).toBe(`{"data":{"caller":"c${count - 1}","id":"t${count - 1}"}}`);
    expect(requests.map((r) => r.operations)).toEqual([MAX_BATCH_OPERATIONS, 3]);
    await new Promise((resolve) => server.close(resolve));

    const silent = await listen(() => undefined);
    const impatient = subgraphFetcher({ timeoutMs: 300, maxSockets: 2, batch: true }) as unknown as BatchCall;
    const failed = await Promise.allSettled([impatient(silent.url, as('a', read('t1'))), impatient(silent.url, as('b', read('t2')))]);
    expect(failed.map((f) => (f.status === 'rejected' ? (f.reason as Error).message : 'answered'))).toEqual(['no answer within 300 ms', 'no answer within 300 ms']);
    silent.server.closeAllConnections();
    await new Promise((resolve) => silent.server.close(resolve));
  });
});

describe('a subgraph that cannot answer, as the client is told it', () => {
  const init = { method: 'POST', headers: {}, body: '{"query":"{ ok }"}' };

  it('names the service and says whether it was slow or unreachable (SERVICE_UNAVAILABLE); other errors are not its to shape', async () => {
    const silent = await listen(() => undefined);
    const slow = subgraphFetcher({ timeoutMs: 200, maxSockets: 1, name: 'tickets' }) as unknown as Call;
    const timedOut = await slow(silent.url, init).catch((error: unknown) => error);
    expect(unavailableError({ message: 'x' }, { originalError: timedOut })).toEqual({
      message: 'The tickets service did not answer within 200 ms; try again shortly', path: undefined, extensions: { code: 'SERVICE_UNAVAILABLE', service: 'tickets' },
    });
    silent.server.closeAllConnections();
    await new Promise((resolve) => silent.server.close(resolve));

    // Nobody listening there any more: refused.
    const refused = await (subgraphFetcher({ timeoutMs: 2000, maxSockets: 1, name: 'parking' }) as unknown as Call)(silent.url, init).catch((error: unknown) => error);
    expect(unavailableError({ message: 'x', path: ['parkingLots'] }, refused)).toMatchObject({ message: 'The parking service could not be reached; try again shortly', path: ['parkingLots'], extensions: { service: 'parking' } });

    expect(unavailableError({ message: 'x' }, { originalError: new Error('a resolver bug') })).toBeUndefined();
    // A fetcher without a name (a tool's) leaves its errors as they are.
    const unnamed = await (subgraphFetcher({ timeoutMs: 2000, maxSockets: 1 }) as unknown as Call)(silent.url, init).catch((error: unknown) => error);
    expect(unavailableError({ message: 'x' }, unnamed)).toBeUndefined();
  });
});
