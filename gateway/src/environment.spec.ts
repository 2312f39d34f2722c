import { gatewayEnvironment, subgraphTimeoutMs } from './environment';

describe('SUBGRAPH_TIMEOUTS_MS: a timeout of its own for some subgraphs', () => {
  const parse = (settings: Record<string, string>) => gatewayEnvironment.safeParse(settings);

  it('gives the subgraphs named their own timeout and the others SUBGRAPH_TIMEOUT_MS', () => {
    const parsed = parse({ SUBGRAPH_TIMEOUT_MS: '5000', SUBGRAPH_TIMEOUTS_MS: ' tickets=30000, residents=2000 ' });
    expect(parsed.success).toBe(true);
    const env = parsed.data!;
    expect(['tickets', 'residents', 'renovation', 'parking', 'surveys'].map((name) => subgraphTimeoutMs(env, name))).toEqual([30_000, 2_000, 5_000, 5_000, 5_000]);
    // Unset: every subgraph has the one timeout (10 s by default).
    expect(subgraphTimeoutMs(parse({}).data!, 'tickets')).toBe(10_000);
  });

  it.each(['tickets', 'tickets=', 'billing=3000', 'tickets=50', 'tickets=3000,tickets=4000', 'tickets:3000'])('refuses %j, naming the setting and the form', (value) => {
    const parsed = parse({ SUBGRAPH_TIMEOUTS_MS: value });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({ path: ['SUBGRAPH_TIMEOUTS_MS'], message: expect.stringContaining('<subgraph>=<milliseconds ≥ 100>') });
  });
});
