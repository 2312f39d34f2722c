import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

import { ReplicaSet, subgraphFetcher } from './subgraph-fetcher';

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
