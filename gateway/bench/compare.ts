import 'reflect-metadata';

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

import { databaseUrl, openDatabase } from '@pm/db';
import { type Identity, issueToken, Role, signIdentity } from '@pm/identity';
import { createLogger } from '@pm/runtime';
import { Client } from 'pg';

import { ApiKey } from '../src/api-keys/api-key.entity';
import { ApiKeyStore } from '../src/api-keys/api-key.store';
import { migrations } from '../src/migrations';
import { insertTickets } from './data';
import { ensureHiveGateway, HIVE_GATEWAY_VERSION, startHiveGateway } from './hive';
import { type CpuGroup, cpuShares, type CpuShares, readCpu } from './cpu';
import { type LoadResult, type LoadTarget, percentile, runLoad } from './load';
import { counters, DATA_DIR, graphql, log, PORT, PREFIX, ROOT, SERVICES, serviceUrl, BENCH, startStack } from './stack';

/**
 * `npm run bench`: the stack as `npm start` runs it (its own ports, databases and data directory),
 * Hive Gateway over the same supergraph and subgraphs, and the same closed-loop load against our
 * gateway, Hive Gateway and — where the query allows — the subgraph directly, in interleaved rounds.
 * Prints per query req/s, p50/p95/p99, our/Hive ratio, gateway overhead over the direct call and SQL
 * statements per request; writes docs/benchmarks.md and docs/benchmarks.csv.
 */
const CONNECTIONS = BENCH.BENCH_CONNECTIONS;
const SECONDS = BENCH.BENCH_SECONDS;
const ROUNDS = BENCH.BENCH_ROUNDS;
const EXTRA_TICKETS = BENCH.BENCH_EXTRA_TICKETS;
const HIVE_PORT = PORT + 10;
/** Only the queries whose name matches (a regular expression, e.g. BENCH_ONLY=unit) and only these targets (BENCH_TARGETS=direct); either leaves docs/ as they are. */
const { BENCH_ONLY, BENCH_TARGETS } = BENCH;
const PARTIAL = BENCH_ONLY !== undefined || BENCH_TARGETS !== undefined;
const ONLY = new RegExp(BENCH_ONLY ?? '', 'i');
const service = serviceUrl;

const PAGE_20 = 'query Page20($p: ID!) { tickets(filter: { propertyId: $p }, first: 20) { edges { node { id number kind title status createdAt } } } }';
const BOARD = 'query Board($p: ID!) { tickets(filter: { propertyId: $p }, first: 50) { edges { node { id number kind status title createdAt unit { code building { name } } reporter { name } } } } }';
const UNIT = 'query Unit($p: ID!) { unitByCode(propertyId: $p, code: "1-1-101") { code occupancy residents { name kind } tickets { totalCount } renovations { status } parkingLeases { plate } } }';
const INTEGRATOR = 'query Integrator($p: ID!, $after: String) { tickets(filter: { propertyId: $p }, first: 50, after: $after) { pageInfo { hasNextPage endCursor } edges { node { number kind status title createdAt resolvedAt department } } } }';
const PAGE_NAME = 'page of 20 tickets (one subgraph)';
const PAGE_BY_CALLERS = `${PAGE_NAME}, 50 callers`;
const BOARD_NAME = 'board page: 50 tickets with unit, building, reporter';
const UNIT_NAME = 'a unit across four subgraphs';
const OPEN = 'mutation Open($input: OpenTicketInput!) { openTicket(input: $input) { id number } }';

interface Query {
  name: string;
  /** Targets measured for this query, by label: ours, hive, direct, floor. */
  targets: Record<string, () => LoadTarget>;
}

interface Measured {
  query: string;
  target: string;
  rounds: LoadResult[];
  /** What each process group used during each round (null without /proc). */
  cpu: (CpuShares | null)[];
  sqlPerRequest: Record<string, number>;
}

/**
 * The processes whose CPU each run reports, by command line. The process a target sends its load to:
 * ours → our gateway, hive → Hive Gateway, direct → the tickets subgraph (every direct call here is
 * to it); the load generator is this process.
 */
const CPU_GROUPS: CpuGroup[] = [
  { name: 'gateway', matches: (c) => /\/gateway\/(src|dist)\/.*main\.[jt]s/.test(c) },
  { name: 'Hive Gateway', matches: (c) => c.includes('@graphql-hive/gateway') },
  { name: 'tickets', matches: (c) => /\/services\/tickets\/(src|dist)\/.*main\.[jt]s/.test(c) },
  { name: 'other subgraphs', matches: (c) => /\/services\/(residents|renovation|parking|surveys)\/(src|dist)\/.*main\.[jt]s/.test(c) },
  { name: 'PostgreSQL', matches: (c) => c.startsWith('postgres') || /\/bin\/postgres /.test(c) },
  { name: 'load generator', matches: (c) => c.includes('bench/compare.ts') },
];
const SERVING: Record<string, string> = { ours: 'gateway', hive: 'Hive Gateway', direct: 'tickets' };

async function main(): Promise<void> {
  const hiveBin = ensureHiveGateway(join(ROOT, '.data', 'bench-tools'), log);
  const stack = await startStack();
  let hive: Awaited<ReturnType<typeof startHiveGateway>> | undefined;
  try {
    const supervisor = stack.tokens.get('SUPERVISOR')!;
    const ours = `http://127.0.0.1:${PORT}/graphql`;
    const p = stack.propertyId;
    const { units } = await graphql<{ units: { edges: { node: { id: string; residents: { id: string }[] } }[] } }>(ours, { authorization: `Bearer ${supervisor}` },
      'query($p: ID!) { units(propertyId: $p, first: 200) { edges { node { id residents { id } } } } }', { p });
    const occupied = units.edges.map((e) => e.node).filter((u) => u.residents.length);
    const existing = await graphql<{ tickets: { totalCount: number } }>(ours, { authorization: `Bearer ${supervisor}` }, 'query($p: ID!) { tickets(filter: { propertyId: $p }, first: 1) { totalCount } }', { p });
    if (existing.tickets.totalCount < EXTRA_TICKETS) {
      log(`adding ${EXTRA_TICKETS.toLocaleString('en')} tickets to the demo property (a board has pages to show)…`);
      const bulk = new Client({ connectionString: databaseUrl(stack.databaseUrl, `${PREFIX}_tickets`) });
      await bulk.connect();
      try {
        await insertTickets(bulk, { propertyId: p, unitIds: occupied.map((u) => u.id), residentIds: occupied.map((u) => u.residents[0].id), count: EXTRA_TICKETS, tag: 'BENCH' });
      } finally {
        await bulk.end();
      }
    }
    const supergraph = readFileSync(join(ROOT, 'gateway', 'supergraph.graphql'), 'utf8').replace(/http:\/\/127\.0\.0\.1:400(\d)\/graphql/g, (_, i: string) => service(Number(i) - 1));
    log(`starting Hive Gateway ${HIVE_GATEWAY_VERSION} on :${HIVE_PORT} over the same supergraph and subgraphs…`);
    hive = await startHiveGateway({ bin: hiveBin, dir: join(DATA_DIR, 'hive'), port: HIVE_PORT, supergraphSdl: supergraph, jwtSecret: stack.secrets.JWT_SECRET, identitySecret: stack.secrets.IDENTITY_SECRET, env: { NODE_ENV: 'production' } });

    const staff = { authorization: `Bearer ${supervisor}` };
    const supervisorIdentity: Identity = { kind: 'staff', sub: 'bench-supervisor', name: 'bench', roles: [Role.SUPERVISOR], propertyIds: [p] };
    const integratorIdentity: Identity = { kind: 'integrator', sub: 'bench-integrator', name: 'bench', roles: [Role.INTEGRATOR], propertyIds: [p], scopes: ['tickets:read', 'residents:read'] };
    /** A subgraph trusts only the gateway's signed identity header; signed afresh per run (it ages). */
    const direct = (identity: Identity) => ({ [`x-pm-identity`]: signIdentity(identity, stack.secrets.IDENTITY_SECRET) });
    const body = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });
    // The same reads from 50 different callers (one per connection): no two requests are identical,
    // so neither gateway can merge them — what each costs per request.
    const supervisors = Array.from({ length: CONNECTIONS }, (_, i) => `Bearer ${issueToken({ sub: `bench-supervisor-${i}`, name: `主管${i}`, roles: [Role.SUPERVISOR], propertyIds: [p] }, stack.secrets.JWT_SECRET)}`);
    const callers = (connection: number) => ({ authorization: supervisors[connection % supervisors.length] });
    const directCallers = (connection: number) => direct({ ...supervisorIdentity, sub: `bench-supervisor-${connection}` });
    // And 50 integrators, each with a key of its own.
    const keysDb = await openDatabase({ serverUrl: stack.databaseUrl, dbName: `${PREFIX}_gateway`, entities: [ApiKey], migrations, migrate: false, logger: createLogger('bench', 'warn') });
    const integratorKeys: string[] = [];
    try {
      const store = new ApiKeyStore(keysDb);
      for (let i = 0; i < CONNECTIONS; i++) integratorKeys.push((await store.create(`bench integrator ${i}`, ['tickets:read', 'residents:read'], [p], 100_000_000)).key);
    } finally {
      await keysDb.close();
    }
    const integrators = (connection: number) => ({ 'x-api-key': integratorKeys[connection % integratorKeys.length] });
    const directIntegrators = (connection: number) => direct({ ...integratorIdentity, sub: `bench-integrator-${connection}` });
    const { tickets: firstPage } = await graphql<{ tickets: { pageInfo: { endCursor: string } } }>(ours, { 'x-api-key': stack.apiKey }, INTEGRATOR, { p, after: null });
    const integratorBody = body(INTEGRATOR, { p, after: firstPage.pageInfo.endCursor });
    let opened = 0;
    const openBody = () => body(OPEN, { input: { propertyId: p, kind: 'REPAIR', channel: 'PHONE', title: `压测报修 ${++opened}`, unitId: occupied[opened % occupied.length].id, reporterId: occupied[opened % occupied.length].residents[0].id } });

    const queries: Query[] = [
      { name: 'framework floor: { __typename }', targets: { direct: () => ({ url: service(0), headers: direct(supervisorIdentity), body: '{"query":"{ __typename }"}' }) } },
      { name: PAGE_NAME, targets: {
        ours: () => ({ url: ours, headers: staff, body: body(PAGE_20, { p }) }),
        hive: () => ({ url: hive!.url, headers: staff, body: body(PAGE_20, { p }) }),
        direct: () => ({ url: service(0), headers: direct(supervisorIdentity), body: body(PAGE_20, { p }) }),
      } },
      { name: PAGE_BY_CALLERS, targets: {
        ours: () => ({ url: ours, headers: callers, body: body(PAGE_20, { p }) }),
        hive: () => ({ url: hive!.url, headers: callers, body: body(PAGE_20, { p }) }),
        direct: () => ({ url: service(0), headers: directCallers, body: body(PAGE_20, { p }) }),
      } },
      { name: BOARD_NAME, targets: {
        ours: () => ({ url: ours, headers: staff, body: body(BOARD, { p }) }),
        hive: () => ({ url: hive!.url, headers: staff, body: body(BOARD, { p }) }),
      } },
      { name: `${BOARD_NAME}, 50 callers`, targets: {
        ours: () => ({ url: ours, headers: callers, body: body(BOARD, { p }) }),
        hive: () => ({ url: hive!.url, headers: callers, body: body(BOARD, { p }) }),
      } },
      { name: UNIT_NAME, targets: {
        ours: () => ({ url: ours, headers: staff, body: body(UNIT, { p }) }),
        hive: () => ({ url: hive!.url, headers: staff, body: body(UNIT, { p }) }),
      } },
      { name: `${UNIT_NAME}, 50 callers`, targets: {
        ours: () => ({ url: ours, headers: callers, body: body(UNIT, { p }) }),
        hive: () => ({ url: hive!.url, headers: callers, body: body(UNIT, { p }) }),
      } },
      { name: "integrator's list, page 2 (API key)", targets: {
        ours: () => ({ url: ours, headers: { 'x-api-key': stack.apiKey }, body: integratorBody }),
        direct: () => ({ url: service(0), headers: direct(integratorIdentity), body: integratorBody }),
      } },
      { name: "integrator's list, page 2, 50 API keys", targets: {
        ours: () => ({ url: ours, headers: integrators, body: integratorBody }),
        direct: () => ({ url: service(0), headers: directIntegrators, body: integratorBody }),
      } },
      { name: 'openTicket (writes)', targets: {
        ours: () => ({ url: ours, headers: staff, body: openBody }),
        hive: () => ({ url: hive!.url, headers: staff, body: openBody }),
      } },
    ];

    const measured = new Map<string, Measured>();
    if (BENCH_ONLY) log(`only the queries matching /${BENCH_ONLY}/i (and the floor); docs/ are not rewritten`);
    if (BENCH_TARGETS) log(`only the targets ${BENCH_TARGETS.join(', ')}; docs/ are not rewritten`);
    const runs = queries.filter((q) => ONLY.test(q.name) || q.name.startsWith('framework floor'))
      .flatMap((q) => Object.keys(q.targets).filter((t) => !BENCH_TARGETS || BENCH_TARGETS.includes(t)).map((t) => ({ q, t })));
    log(`\n${runs.length} runs × ${ROUNDS} rounds, ${CONNECTIONS} connections, ${SECONDS} s each (rounds interleaved)…`);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [i, { q, t }] of runs.entries()) {
        const target = q.targets[t]();
        await runLoad(target, Math.min(CONNECTIONS, 10), 1_000); // warm the plan caches and connections
        const before = await counters();
        const cpuBefore = readCpu(CPU_GROUPS);
        const result = await runLoad(target, CONNECTIONS, SECONDS * 1000);
        const cpu = cpuShares(CPU_GROUPS, cpuBefore, readCpu(CPU_GROUPS));
        const after = await counters();
        const key = `${q.name}|${t}`;
        const entry = measured.get(key) ?? { query: q.name, target: t, rounds: [], cpu: [], sqlPerRequest: {} };
        entry.rounds.push(result);
        entry.cpu.push(cpu);
        entry.sqlPerRequest = Object.fromEntries(SERVICES.map((s) => [s, after[s].queries - before[s].queries]).filter(([, n]) => (n as number) > 0).map(([s, n]) => [s, (n as number) / result.requests]));
        measured.set(key, entry);
        const rate = result.requests / result.seconds;
        log(`  round ${round}/${ROUNDS} [${i + 1}/${runs.length}] ${q.name} · ${t}: ${rate.toFixed(0)} req/s, p50 ${percentile(result.latencies, 50).toFixed(1)} ms${result.errors ? `, ${result.errors} errors (${result.firstError})` : ''}`);
      }
    }
    report([...measured.values()], !PARTIAL);
  } finally {
    await hive?.stop();
    await stack.stop();
  }
}

interface Row {
  query: string;
  target: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  sql: string;
  /** CPU a request (µs) of the process the load was sent to, of the tickets subgraph and of the other four; NaN without /proc. */
  servingUs: number;
  ticketsUs: number;
  othersUs: number;
  /** Percent of one core: the load generator; the whole machine (at most 100 × cores). */
  loadCpu: number;
  machineCpu: number;
}

function summarise(entry: Measured): Row {
  // The median round's throughput; latencies over all rounds together.
  const rates = entry.rounds.map((r) => r.requests / r.seconds).sort((a, b) => a - b);
  const all = Float64Array.from(entry.rounds.flatMap((r) => [...r.latencies])).sort();
  return {
    query: entry.query,
    target: entry.target,
    rps: rates[Math.floor(rates.length / 2)],
    p50: percentile(all, 50),
    p95: percentile(all, 95),
    p99: percentile(all, 99),
    errors: entry.rounds.reduce((n, r) => n + r.errors, 0),
    sql: Object.entries(entry.sqlPerRequest).map(([s, n]) => `${s} ${n.toFixed(1)}`).join(', ') || '–',
    ...cpuPerRequest(entry),
  };
}

/**
 * CPU over all rounds together: microseconds of a group's CPU per request served (its percent of a
 * core × the round's seconds, over its requests), and the load generator's and the machine's mean share.
 */
function cpuPerRequest(entry: Measured): Pick<Row, 'servingUs' | 'ticketsUs' | 'othersUs' | 'loadCpu' | 'machineCpu'> {
  const rounds = entry.rounds.map((result, i) => ({ result, cpu: entry.cpu[i] })).filter((r): r is { result: LoadResult; cpu: CpuShares } => r.cpu !== null);
  if (!rounds.length) return { servingUs: NaN, ticketsUs: NaN, othersUs: NaN, loadCpu: NaN, machineCpu: NaN };
  const requests = rounds.reduce((n, r) => n + r.result.requests, 0);
  const us = (group: string) => (rounds.reduce((sum, r) => sum + (r.cpu.byGroup[group] / 100) * r.result.seconds, 0) / requests) * 1e6;
  const mean = (share: (cpu: CpuShares) => number) => rounds.reduce((sum, r) => sum + share(r.cpu), 0) / rounds.length;
  return { servingUs: us(SERVING[entry.target]), ticketsUs: us('tickets'), othersUs: us('other subgraphs'), loadCpu: mean((c) => c.byGroup['load generator']), machineCpu: mean((c) => c.machine) };
}

const fixed = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

function report(entries: Measured[], write: boolean): void {
  const rows = entries.map(summarise);
  const find = (query: string, target: string) => rows.find((r) => r.query === query && r.target === target);
  const floor = find('framework floor: { __typename }', 'direct');
  const cores = cpus().length;
  const table = [
    `| query | target | req/s | p50 ms | p95 ms | p99 ms | ours / Hive | p50 over direct | SQL per request | errors | CPU µs a request, where sent | tickets subgraph CPU µs a request | other subgraphs CPU µs a request | load generator, % of a core | machine, % (of ${cores * 100}) |`,
    '|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => {
      const hive = find(r.query, 'hive');
      const direct = find(r.query, 'direct');
      const ratio = r.target === 'ours' && hive ? `${(r.rps / hive.rps).toFixed(2)}×` : '';
      const overhead = r.target !== 'direct' && direct ? `${(r.p50 / direct.p50).toFixed(2)}×` : '';
      return `| ${r.query} | ${r.target} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${ratio} | ${overhead} | ${r.sql} | ${r.errors} | ${fixed(r.servingUs)} | ${fixed(r.ticketsUs)} | ${fixed(r.othersUs)} | ${fixed(r.loadCpu)} | ${fixed(r.machineCpu)} |`;
    }),
  ];
  const page = find(PAGE_NAME, 'direct');
  const ratio = (query: string) => {
    const o = find(query, 'ours');
    const h = find(query, 'hive');
    return o && h ? `${(o.rps / h.rps).toFixed(2)}×` : 'n/a';
  };
  const overhead = (query: string) => {
    const o = find(query, 'ours');
    const d = find(query, 'direct');
    return o && d ? `${(o.p50 / d.p50).toFixed(2)}×` : 'n/a';
  };
  const goals = [
    `- 20-ticket page served directly: ${page && floor ? `${(page.rps / floor.rps).toFixed(2)}× the subgraph's \`{ __typename }\` (goal ≥ 0.5×)` : 'n/a'}`,
    ...(page && floor && Number.isFinite(page.servingUs) && Number.isFinite(floor.servingUs) ? [
      `  - its CPU a request in the tickets subgraph: page ${fixed(page.servingUs)} µs, floor ${fixed(floor.servingUs)} µs (floor ÷ page ${(floor.servingUs / page.servingUs).toFixed(2)}×); during the floor the load generator used ${fixed(floor.loadCpu)} % of a core and the machine ${fixed(floor.machineCpu)} of ${cores * 100}, during the page ${fixed(page.loadCpu)} % and ${fixed(page.machineCpu)}`,
    ] : []),
    ...[BOARD_NAME, UNIT_NAME].map((q) => `- ${q}: ours ${ratio(`${q}, 50 callers`)} Hive Gateway's throughput from 50 callers, ${ratio(q)} from one caller on 50 connections (goal ≥ 1.0×)`),
    `- gateway p50 over the direct call, 20-ticket page: ${overhead(PAGE_BY_CALLERS)} from 50 callers, ${overhead(PAGE_NAME)} from one (goal ≤ 1.5×)`,
    '',
    'One caller on 50 connections sends 50 identical reads at a time: both gateways merge identical reads (ours those asked in the same turn of its event loop and not yet sent, Hive Gateway also those already on their way), which is why "SQL per request" falls below 1 there and why ours can be faster than calling the subgraph directly. The rows with 50 callers have no two identical requests: each costs a request to every subgraph it needs.',
  ];
  log(`\n${table.join('\n')}\n\n${goals.join('\n')}`);
  if (!write) return;
  const date = new Date().toISOString().slice(0, 10);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  mkdirSync(join(ROOT, 'docs'), { recursive: true });
  writeFileSync(join(ROOT, 'docs', 'benchmarks.md'), [
    '# Benchmarks: our gateway, Hive Gateway and the subgraphs, side by side',
    '',
    `\`npm run bench\`, ${date}, ${machine}. The stack as \`npm start\` runs it (PostgreSQL and NATS local, the demo property plus ${EXTRA_TICKETS.toLocaleString('en')} tickets), Hive Gateway ${HIVE_GATEWAY_VERSION} over the same supergraph and subgraphs with the same authentication (JWT verified, identity signed per subgraph request). Closed loop, ${CONNECTIONS} keep-alive connections, ${SECONDS} s per run after a 1 s warm-up, ${ROUNDS} rounds interleaved; req/s is the median round, latencies over all rounds. Load generator, gateways and subgraphs share the machine. The CPU columns are each process's user and system time over the runs (from /proc), per request served: where the load was sent (our gateway, Hive Gateway, or the tickets subgraph for "direct"), the tickets subgraph, the other four subgraphs; then the load generator's share of a core and the whole machine's.`,
    '',
    ...table,
    '',
    ...goals,
    '',
    'Other measurements: `npm run bench:events` (boards, outbox) in [benchmarks-events.md](benchmarks-events.md), `npm run bench:tickets` (filtered pages over 100,000 tickets, or BENCH_TICKETS of them) in [benchmarks-tickets.md](benchmarks-tickets.md).',
    '',
  ].join('\n'));
  writeFileSync(join(ROOT, 'docs', 'benchmarks.csv'), [
    'date,query,target,req_per_s,p50_ms,p95_ms,p99_ms,sql_per_request,errors,cpu_us_per_request_where_sent,tickets_cpu_us_per_request,other_subgraphs_cpu_us_per_request,load_generator_cpu_percent,machine_cpu_percent',
    ...rows.map((r) => [date, `"${r.query}"`, r.target, r.rps.toFixed(1), r.p50.toFixed(2), r.p95.toFixed(2), r.p99.toFixed(2), `"${r.sql}"`, r.errors, fixed(r.servingUs, 1), fixed(r.ticketsUs, 1), fixed(r.othersUs, 1), fixed(r.loadCpu, 1), fixed(r.machineCpu, 1)].join(',')),
  ].join('\n') + '\n');
  log('\nwritten: docs/benchmarks.md, docs/benchmarks.csv');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
