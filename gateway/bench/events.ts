import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

import { databaseUrl } from '@pm/db';
import { createEnvelope, Events, type TicketKindValue } from '@pm/events';
import { issueToken, Role } from '@pm/identity';
import { bucketQuantile, histogramBuckets } from '@pm/runtime';
import { Client } from 'pg';

import { type CpuGroup, cpuShares, type CpuShares, readCpu } from './cpu';
import { ask } from './ipc';
import { percentile, post, runLoad } from './load';
import { socketFloor } from './socket-floor';
import { BENCH, GATEWAY_URL, graphql, log, metricsUrl, PORT, PREFIX, ROOT, type Stack, startStack } from './stack';

/**
 * `npm run bench:events`: event-to-board latency with 1, 100 and 1,000 live boards of up to 200
 * different callers at 10 and 50 ticket changes a second, the gateway's memory through a burst of
 * 1,000 changes in a second, and the outbox: openTicket throughput and the relay's drain rate. The
 * stack runs as `npm start` runs it (separate processes, production mode); the boards run in
 * processes of their own. Prints tables; writes docs/benchmarks-events.md and .csv.
 */
const CALLERS = 200;
const BOARD_PROCESSES = BENCH.BENCH_BOARD_PROCESSES;
const SECONDS_PER_RUN = BENCH.BENCH_EVENT_SECONDS;
/** Changes at the run's rate before it is measured: the gateway makes its query plans for the boards' selections then, as a running one has. */
const WARMUP_SECONDS = BENCH.BENCH_EVENT_WARMUP_SECONDS;
/** BENCH_EVENT_RUNS=1000x50,100x10 measures only those latency runs (boards × changes/s), for profiling; docs/ are not rewritten. */
const ONLY_RUNS = BENCH.BENCH_EVENT_RUNS;
const RUNS = ONLY_RUNS ?? [
  { boards: 1, rate: 10 },
  { boards: 100, rate: 10 },
  { boards: 1000, rate: 10 },
  { boards: 1000, rate: 50 },
];
const BURST = 1000;
const MUTATION_SECONDS = BENCH.BENCH_MUTATION_SECONDS;
const CONCURRENCY = 16;
const DRAIN = 5000;
const SUBSCRIPTION = 'subscription($f: TicketFilter) { ticketChanged(filter: $f) { at type ticket { number status unit { code } reporter { name } } } }';
const OPEN = 'mutation Open($input: OpenTicketInput!) { openTicket(input: $input) { id } }';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The roles of the boards' staff callers, in turn. */
const STAFF = [Role.FRONT_DESK, Role.SUPERVISOR, Role.ENGINEER, Role.SECURITY, Role.PROJECT_MANAGER];

interface Caller {
  token: string;
  /** Whether this caller may see the benchmark's tickets (and so should receive every change). */
  receives: boolean;
}

/** Boards spread over child processes, each told what to connect and asked for what it saw. */
class BoardProcesses {
  private readonly children: ChildProcess[];

  constructor(count: number) {
    this.children = Array.from({ length: count }, () => fork(join(__dirname, 'boards.ts'), [], { execArgv: ['-r', '@swc-node/register'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  }

  async connect(tokens: string[], propertyId: string): Promise<void> {
    await Promise.all(this.children.map((child, i) => ask(child, {
      type: 'start', url: GATEWAY_URL.replace('http', 'ws'), tokens: tokens.filter((_, t) => t % this.children.length === i), query: SUBSCRIPTION, variables: { f: { propertyId } },
    }, 'connected')));
  }

  async count(): Promise<number> {
    const counts = await Promise.all(this.children.map((child) => ask<{ value: number }>(child, { type: 'count' }, 'count')));
    return counts.reduce((sum, c) => sum + c.value, 0);
  }

  /** Forgets what the boards have seen so far; from now on they count only changes of `changeType` that happen at or after `since` (ms). */
  async reset(since: number, changeType: string): Promise<void> {
    await Promise.all(this.children.map((child) => ask(child, { type: 'reset', since, changeType }, 'reset')));
  }

  /** Every latency seen since `connect` or `reset`; disconnects the boards. */
  async collect(): Promise<number[]> {
    const answers = await Promise.all(this.children.map((child) => ask<{ values: number[] }>(child, { type: 'collect' }, 'latencies')));
    return answers.flatMap((a) => a.values);
  }

  stop(): void {
    for (const child of this.children) child.disconnect();
  }
}

/** One unlabelled value of the gateway's `/metrics` (operators' port). */
async function gatewayMetric(name: string): Promise<number> {
  const text = await gatewayMetricsText();
  return Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
}

const gatewayMetricsText = async () => (await fetch(`http://127.0.0.1:${PORT + 5000}/metrics`)).text();

/** Where a change's time goes, as the gateway's lag histogram saw it (its /metrics): stage → [p50, p99] in ms, each the upper bound of its bucket. */
type Stages = Record<(typeof STAGES)[number], [number, number]>;
const STAGES = ['arrived', 'resolved', 'sent'] as const;
const LAG = 'pm_gateway_live_board_lag_seconds';

function stageQuantiles(before: string, after: string): Stages {
  return Object.fromEntries(STAGES.map((stage) => {
    const [b, a] = [before, after].map((text) => histogramBuckets(text, LAG, `stage="${stage}"`));
    return [stage, [bucketQuantile(b, a, 0.5) * 1000, bucketQuantile(b, a, 0.99) * 1000]];
  })) as Stages;
}

/** The processes whose event-loop delay a run reports: how long ready work (an answer, a change, a socket's data) waited in each. */
const LOOPS = ['gateway', 'tickets', 'residents'] as const;
type Loops = Record<(typeof LOOPS)[number], [number, number]>;

/** The gateway's /metrics text first (lag by stage), then the other reported processes'. */
const runMetricsTexts = () => Promise.all(LOOPS.map((name) => (name === 'gateway' ? gatewayMetricsText() : fetch(metricsUrl(name)).then((r) => r.text()))));

/** Each process's event-loop delay between two readings: [p50, p99] in ms, each the upper bound of its bucket. */
function loopQuantiles(before: string[], after: string[]): Loops {
  return Object.fromEntries(LOOPS.map((name, i) => {
    const [b, a] = [before[i], after[i]].map((text) => histogramBuckets(text, 'pm_event_loop_delay_seconds', `service="${name}"`));
    return [name, [bucketQuantile(b, a, 0.5) * 1000, bucketQuantile(b, a, 0.99) * 1000]];
  })) as Loops;
}

interface LatencyRow { boards: number; rate: number; delivered: string; p50: number; p95: number; p99: number; max: number; stages: Stages; loops: Loops; resolutionsPerChange: number; cpu: CpuShares | null }

/** The processes whose CPU a run reports, by command line: the stack's, and the load's (boards, openers). */
const CPU_GROUPS: CpuGroup[] = [
  { name: 'gateway', matches: (c) => /\/gateway\/(src|dist)\/.*main\.[jt]s/.test(c) },
  { name: 'tickets', matches: (c) => /\/services\/tickets\/(src|dist)\/.*main\.[jt]s/.test(c) },
  { name: 'residents', matches: (c) => /\/services\/residents\/(src|dist)\/.*main\.[jt]s/.test(c) },
  { name: 'other subgraphs', matches: (c) => /\/services\/(renovation|parking|surveys)\/(src|dist)\/.*main\.[jt]s/.test(c) },
  { name: 'PostgreSQL', matches: (c) => c.startsWith('postgres') || /\/bin\/postgres /.test(c) },
  { name: 'NATS', matches: (c) => c.includes('nats-server') },
  { name: 'boards (load)', matches: (c) => c.includes('bench/boards.ts') },
  { name: 'openers (load)', matches: (c) => c.includes('bench/events.ts') },
];
const CPU_COLUMNS = [...CPU_GROUPS.map((g) => g.name), 'kernel and the rest'] as const;
const cpuOf = (shares: CpuShares | null, column: string) => (!shares ? NaN : column === 'kernel and the rest' ? shares.unaccounted : shares.byGroup[column]);

/**
 * Resolutions through the graph per change that reached the gateway's feed, between two readings of
 * its /metrics: how many distinct visibilities a change was resolved for.
 */
function resolutionsPerChange(before: string, after: string): number {
  const read = (text: string, pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? NaN);
  const resolutions = /^pm_gateway_live_board_resolutions_total (\d+)$/m;
  const arrived = new RegExp(`^${LAG}_count\\{stage="arrived"\\} (\\d+)$`, 'm');
  return (read(after, resolutions) - read(before, resolutions)) / (read(after, arrived) - read(before, arrived));
}

const gatewayMemory = async () => (await gatewayMetric('process_resident_memory_bytes')) / 2 ** 20;
/** The stream position of the newest change the gateway has fanned out. */
const feedPosition = () => gatewayMetric('pm_gateway_feed_last_sequence');

/**
 * Waits until the outbox is published and the gateway's feed has stood still for a second: on a
 * slow machine a phase at 50 changes a second leaves seconds of changes in flight, which the next
 * phase's boards would otherwise receive on top of their own, and measure the earlier phase's
 * queue instead of their own latency.
 */
async function settle(db: Client): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last = await feedPosition();
  while (Date.now() < deadline) {
    await sleep(1000);
    const now = await feedPosition();
    if (now === last && (await pendingOutbox(db)) === 0) return;
    last = now;
  }
}

async function pendingOutbox(db: Client): Promise<number> {
  const { rows } = await db.query<{ n: string }>('select count(*) as n from outbox where published_at is null');
  return Number(rows[0].n);
}

async function main(): Promise<void> {
  const stack: Stack = await startStack();
  const boards = new BoardProcesses(BOARD_PROCESSES);
  const tickets = new Client({ connectionString: databaseUrl(stack.databaseUrl, `${PREFIX}_tickets`) });
  await tickets.connect();
  const latencyRows: LatencyRow[] = [];
  let burst = { changes: BURST, boards: 0, seconds: 0, delivered: '', before: 0, peak: 0, after: 0 };
  let writes = { mutations: 0, perSecond: 0, p50: 0, p99: 0, published: 0 };
  let drain = { events: DRAIN, perSecond: 0 };
  let floor = { sent: 0, received: 0 };
  try {
    if (!ONLY_RUNS) {
      process.stdout.write('socket floor: 1,000 bare WebSocket sockets, a ready frame each per turn');
      floor = await socketFloor(1000, 3, BOARD_PROCESSES);
      process.stdout.write(` done: ${floor.received.toFixed(0)} frames/s parsed\n`);
    }
    const p = stack.propertyId;
    const supervisor = { authorization: `Bearer ${stack.tokens.get('SUPERVISOR')}` };
    const { units } = await graphql<{ units: { edges: { node: { id: string; residents: { id: string }[] } }[] } }>(GATEWAY_URL, supervisor,
      'query($p: ID!) { units(propertyId: $p, first: 200) { edges { node { id residents { id } } } } }', { p });
    const owned = units.edges.map((e) => e.node).find((u) => u.residents.length)!;
    const owner = owned.residents[0].id;
    const secret = stack.secrets.JWT_SECRET;
    // 200 callers, as a company's boards are: staff of five roles (project managers among them),
    // some also working another property; residents who may see none of these tickets; and the
    // reporting owner, who sees them.
    const callers: Caller[] = Array.from({ length: CALLERS }, (_, i) => i < 150
      ? { token: `Bearer ${issueToken({ sub: `bench-staff-${i}`, name: `员工${i}`, roles: [STAFF[i % STAFF.length]], propertyIds: i % 2 ? [p] : [p, randomUUID()] }, secret)}`, receives: true }
      : i < CALLERS - 1
        ? { token: `Bearer ${issueToken({ sub: `bench-resident-${i}`, name: `住户${i}`, roles: [Role.RESIDENT], propertyIds: [p], residentId: randomUUID(), unitIds: [] }, secret)}`, receives: false }
        : { token: `Bearer ${issueToken({ sub: 'bench-owner', name: '业主', roles: [Role.RESIDENT], propertyIds: [p], residentId: owner, unitIds: [owned.id] }, secret)}`, receives: true });
    const desk = { authorization: `Bearer ${issueToken({ sub: 'bench-desk', name: '前台', roles: [Role.FRONT_DESK], propertyIds: [p] }, secret)}` };
    let opened = 0;
    const openBody = () => JSON.stringify({ query: OPEN, variables: { input: { propertyId: p, kind: 'REPAIR', channel: 'PHONE', title: `压测报修 ${++opened}`, unitId: owned.id, reporterId: owner } } });
    const open = async () => {
      const { status, text } = await post(GATEWAY_URL, desk, openBody());
      if (status !== 200 || text.includes('"errors"')) throw new Error(`openTicket failed: ${status} ${text.slice(0, 300)}`);
    };
    const boardTokens = (count: number) => Array.from({ length: count }, (_, i) => callers[i % CALLERS]);
    await open(); // the first request warms the gateway's query plans

    for (const run of RUNS) {
      await settle(tickets);
      const changes = run.rate * SECONDS_PER_RUN;
      process.stdout.write(`latency, ${run.boards} board(s), ${run.rate} changes/s: connecting`);
      const signedIn = boardTokens(run.boards);
      await boards.connect(signedIn.map((c) => c.token), p);
      await sleep(500 + run.boards);
      const receivers = signedIn.filter((c) => c.receives).length;
      // Open loop: the n-th ticket is opened at n / rate seconds whatever the earlier ones took.
      const openAtRate = async (count: number) => {
        await boards.reset(Date.now(), Events.ticketOpened.type);
        const start = performance.now();
        await Promise.all(Array.from({ length: count }, async (_, n) => {
          await sleep(Math.max(0, start + (n * 1000) / run.rate - performance.now()));
          await open();
        }));
        const deadline = Date.now() + 60_000;
        while ((await boards.count()) < receivers * count && Date.now() < deadline) await sleep(100);
      };
      process.stdout.write(`; warming up for ${WARMUP_SECONDS} s`);
      await openAtRate(run.rate * WARMUP_SECONDS);
      process.stdout.write(`; opening ${changes} tickets`);
      const before = await runMetricsTexts();
      const cpuBefore = readCpu(CPU_GROUPS);
      await openAtRate(changes);
      const cpu = cpuShares(CPU_GROUPS, cpuBefore, readCpu(CPU_GROUPS));
      const after = await runMetricsTexts();
      const expected = receivers * changes;
      const latencies = (await boards.collect()).sort((a, b) => a - b);
      const sorted = Float64Array.from(latencies);
      latencyRows.push({ ...run, delivered: `${latencies.length}/${expected}`, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN, stages: stageQuantiles(before[0], after[0]), loops: loopQuantiles(before, after), resolutionsPerChange: resolutionsPerChange(before[0], after[0]), cpu });
      process.stdout.write(` done: p99 ${percentile(sorted, 99)} ms\n`);
    }

    if (ONLY_RUNS) {
      log(latencyRows.map((r) => `${r.boards} boards, ${r.rate}/s: p50 ${r.p50} p95 ${r.p95} p99 ${r.p99} max ${r.max} ms (${r.delivered}, ${r.resolutionsPerChange.toFixed(2)} resolutions a change); p50/p99 after the commit: ${STAGES.map((stage) => `${stage} ≤ ${r.stages[stage].join('/')}`).join(', ')} ms; event-loop delay p50/p99: ${LOOPS.map((name) => `${name} ≤ ${r.loops[name].join('/')}`).join(', ')} ms; CPU, % of a core: ${r.cpu ? `${CPU_COLUMNS.map((c) => `${c} ${cpuOf(r.cpu, c).toFixed(0)}`).join(', ')}; machine ${r.cpu.machine.toFixed(0)} of ${r.cpu.cores * 100}` : 'not measured (no /proc)'}`).join('\n'));
      return;
    }
    // A burst: 1,000 changes of existing tickets queued at once and published as fast as the relay
    // goes, to 1,000 boards; the gateway's resident memory before, at its highest, and after.
    process.stdout.write(`burst: ${BURST} changes at once to 1,000 boards: connecting`);
    await settle(tickets);
    const signedIn = boardTokens(1000);
    await boards.connect(signedIn.map((c) => c.token), p);
    await sleep(1500);
    const { rows: existing } = await tickets.query<{ id: string; number: string; kind: TicketKindValue; status: string; unit_id: string; reporter_id: string; department: string | null; severity: string | null }>(
      `select id, number, kind, status, unit_id, reporter_id, department, severity from ticket where property_id = $1 and reporter_id = $2 order by created_at desc limit ${BURST}`, [p, owner]);
    burst.before = await gatewayMemory();
    burst.peak = burst.before;
    // Exactly BURST changes whatever the earlier phases left: a ticket changed again if there are fewer
    // (runs that queued 480 changes and runs that queued 1,000 were not comparable).
    const changed = Array.from({ length: BURST }, (_, i) => existing[i % existing.length]);
    process.stdout.write(`; queueing ${changed.length} changes`);
    const queued = Date.now();
    await boards.reset(queued, Events.ticketStatusChanged.type);
    const envelopes = changed.map((t) => createEnvelope(Events.ticketStatusChanged, {
      ticketId: t.id, number: t.number, propertyId: p, kind: t.kind, status: t.status, from: t.status, note: 'bench', unitId: t.unit_id, reporterId: t.reporter_id, department: t.department, severity: t.severity,
    }, { aggregateId: t.id, actor: 'bench' }));
    await tickets.query(`insert into outbox (id, subject, envelope, created_at)
      select (e->>'id')::uuid, $2, e, now() from jsonb_array_elements($1::jsonb) e`, [JSON.stringify(envelopes), Events.ticketStatusChanged.subject]);
    const expected = signedIn.filter((c) => c.receives).length * changed.length;
    const deadline = Date.now() + 120_000;
    let seen = 0;
    while ((seen = await boards.count()) < expected && Date.now() < deadline) {
      burst.peak = Math.max(burst.peak, await gatewayMemory());
      await sleep(100);
    }
    burst.seconds = (Date.now() - queued) / 1000;
    await boards.collect();
    await sleep(2000);
    burst = { ...burst, boards: 1000, delivered: `${seen}/${expected}`, after: await gatewayMemory() };
    process.stdout.write(` done in ${burst.seconds.toFixed(1)} s\n`);

    process.stdout.write(`writes: openTicket, ${CONCURRENCY} clients for ${MUTATION_SECONDS} s`);
    const load = await runLoad({ url: GATEWAY_URL, headers: desk, body: openBody }, CONCURRENCY, MUTATION_SECONDS * 1000);
    if (load.errors) throw new Error(`openTicket failed ${load.errors} times: ${load.firstError}`);
    const wroteAt = Date.now();
    while ((await pendingOutbox(tickets)) > 0) await sleep(20);
    writes = { mutations: load.requests, perSecond: load.requests / load.seconds, p50: percentile(load.latencies, 50), p99: percentile(load.latencies, 99), published: load.requests / (load.seconds + (Date.now() - wroteAt) / 1000) };
    process.stdout.write(` done: ${writes.perSecond.toFixed(0)}/s\n`);

    // The relay alone: rows no service consumes, queued in one statement, published by the tickets
    // service's relay; the rate is taken from its first row out to its last.
    process.stdout.write(`relay drain: ${DRAIN} events queued at once`);
    await tickets.query(`insert into outbox (id, subject, envelope, created_at)
      select id, 'pm.bench.drain', jsonb_build_object('id', id, 'type', 'bench.drain', 'version', 1, 'payload', jsonb_build_object('n', n)), clock_timestamp()
        from (select gen_random_uuid() as id, n from generate_series(1, ${DRAIN}) n) queued`);
    let pending = DRAIN;
    while ((pending = await pendingOutbox(tickets)) === DRAIN) await sleep(5);
    const first = performance.now();
    const from = pending;
    while ((pending = await pendingOutbox(tickets)) > 0) await sleep(10);
    drain = { events: DRAIN, perSecond: from / ((performance.now() - first) / 1000) };
    process.stdout.write(` done: ${drain.perSecond.toFixed(0)}/s\n`);
  } finally {
    boards.stop();
    await tickets.end();
    await stack.stop();
  }
  if (!ONLY_RUNS) report(latencyRows, burst, writes, drain, floor);
}

function report(
  rows: LatencyRow[],
  burst: { changes: number; boards: number; seconds: number; delivered: string; before: number; peak: number; after: number },
  writes: { mutations: number; perSecond: number; p50: number; p99: number; published: number },
  drain: { events: number; perSecond: number },
  floor: { sent: number; received: number },
): void {
  const latency = [
    '| boards | changes/s | changes delivered | resolutions a change | p50 ms | p95 ms | p99 ms | max ms |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.boards} | ${r.rate} | ${r.delivered} | ${r.resolutionsPerChange.toFixed(2)} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.max} |`),
  ].join('\n');
  const upTo = (ms: number) => (Number.isFinite(ms) ? `≤ ${ms}` : ms > 0 ? '> 10,000' : '–');
  const stages = [
    '| boards | changes/s | arrived p50 | p99 | resolved p50 | p99 | sent p50 | p99 | at the board p50 | p99 |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.boards} | ${r.rate} | ${STAGES.map((stage) => r.stages[stage].map(upTo).join(' | ')).join(' | ')} | ${r.p50} | ${r.p99} |`),
  ].join('\n');
  const loops = [
    `| boards | changes/s | ${LOOPS.map((name) => `${name} p50 | p99`).join(' | ')} |`,
    `|---:|---:|${LOOPS.map(() => '---:|---:|').join('')}`,
    ...rows.map((r) => `| ${r.boards} | ${r.rate} | ${LOOPS.map((name) => r.loops[name].map(upTo).join(' | ')).join(' | ')} |`),
  ].join('\n');
  const cores = rows.find((r) => r.cpu)?.cpu?.cores;
  const percent = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '–');
  const cpu = [
    `| boards | changes/s | ${CPU_COLUMNS.join(' | ')} | machine |`,
    `|---:|---:|${CPU_COLUMNS.map(() => '---:|').join('')}---:|`,
    ...rows.map((r) => `| ${r.boards} | ${r.rate} | ${CPU_COLUMNS.map((c) => percent(cpuOf(r.cpu, c))).join(' | ')} | ${r.cpu ? `${percent(r.cpu.machine)} of ${r.cpu.cores * 100}` : '–'} |`),
  ].join('\n');
  const delivered = Number(burst.delivered.split('/')[0]);
  const memory = [
    '| changes queued at once | boards | delivered | seconds to deliver | frames/s | gateway RSS before MiB | peak MiB | after MiB |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${burst.changes} | ${burst.boards} | ${burst.delivered} | ${burst.seconds.toFixed(1)} | ${(delivered / burst.seconds).toFixed(0)} | ${burst.before.toFixed(0)} | ${burst.peak.toFixed(0)} | ${burst.after.toFixed(0)} |`,
  ].join('\n');
  const sockets = [
    '| bare WebSocket server, 1,000 sockets | frames/s |',
    '|---|---:|',
    `| written | ${floor.sent.toFixed(0)} |`,
    `| parsed by the clients meanwhile | ${floor.received.toFixed(0)} |`,
  ].join('\n');
  const outbox = [
    `| openTicket clients | mutations | mutations/s | p50 ms | p99 ms | events published/s (commit → JetStream ack) |`,
    '|---:|---:|---:|---:|---:|---:|',
    `| ${CONCURRENCY} | ${writes.mutations} | ${writes.perSecond.toFixed(0)} | ${writes.p50.toFixed(1)} | ${writes.p99.toFixed(1)} | ${writes.published.toFixed(0)} |`,
    '',
    '| relay drain: events queued at once | published/s |',
    '|---:|---:|',
    `| ${drain.events} | ${drain.perSecond.toFixed(0)} |`,
  ].join('\n');
  const goals = [
    `- event → board p99 with 1,000 boards of ${CALLERS} callers: ${rows.filter((r) => r.boards === 1000).map((r) => `${r.p99} ms at ${r.rate}/s`).join(', ')} (goal ≤ 50 ms)`,
    `- openTicket at ${CONCURRENCY} concurrent clients: ${writes.perSecond.toFixed(0)}/s (goal ≥ 300/s)`,
    `- relay: ${drain.perSecond.toFixed(0)} events/s (goal ≥ 2,000/s)`,
  ].join('\n');
  log(`\nSocket floor\n${sockets}\n\nEvent → board latency\n${latency}\n\nWhere the time goes (ms after the commit)\n${stages}\n\nEvent-loop delay (ms)\n${loops}\n\nCPU, percent of one core\n${cpu}\n\nBurst\n${memory}\n\nOutbox\n${outbox}\n\n${goals}`);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  mkdirSync(join(ROOT, 'docs'), { recursive: true });
  writeFileSync(join(ROOT, 'docs/benchmarks-events.md'), [
    '# Benchmarks: live boards and the outbox', '',
    `\`npm run bench:events\`, ${new Date().toISOString().slice(0, 10)}, ${machine}. The stack as \`npm start\` runs it (separate processes, production mode, PostgreSQL and NATS local); the boards in ${BOARD_PROCESSES} processes of their own on the same machine.`,
    '', '## The floor', '',
    `A bare WebSocket server (ws, no GraphQL) writing one ready-made change frame to each of 1,000 sockets as fast as its event loop turns, to clients in ${BOARD_PROCESSES} processes that parse each frame: what this machine can deliver at all. 1,000 boards at 50 changes a second need 37,750 frames a second (755 of the 1,000 boards may see the changes).`,
    '', sockets,
    '', '## Event → board latency', '',
    `Time from the ticket's event (occurredAt, at commit) to its arrival at each board, with \`ticket { number status unit { code } reporter { name } }\` resolved through the federated graph. Tickets opened through the gateway at a fixed rate for ${SECONDS_PER_RUN} s (open loop) after ${WARMUP_SECONDS} s at that rate unmeasured (the gateway plans the boards' operations then, as a running one has them planned); boards signed in as up to ${CALLERS} different callers (150 staff of five roles, project managers among them, some of two properties; 49 residents who may not see these tickets and receive none; the reporting owner), a board beyond 200 sharing a caller. *Resolutions a change*: how many distinct visibilities the gateway resolved each change for (its \`pm_gateway_live_board_resolutions_total\` over the changes that reached its feed): staff of every role and property share one, the owner has their own, residents who may not see a ticket need none. Each run starts once the previous one has drained (outbox published, the gateway's feed still for a second) and counts only its own openings (not the SLA breaches of older tickets that happen meanwhile).`,
    '', latency, '', '### Where the time goes', '',
    `Milliseconds from the commit to each stage, as the gateway's \`pm_gateway_live_board_lag_seconds\` histogram counted them during each run (bucket upper bounds, so "≤ 25" means between 10 and 25): *arrived* in the gateway's feed (outbox relay, JetStream), *resolved* through the graph for one visibility (tickets and residents subgraphs), *sent*: that visibility's frames written to its sockets; then *at the board*, as the boards measured it (their process reading and parsing the frame). A stage is counted once per change (arrived) or once per visibility of a change (resolved, sent), the run's other changes (SLA breaches) included.`,
    '', stages, '',
    `How long ready work (an answer, a change, a socket's data) waited for each process during each run: its \`pm_event_loop_delay_seconds\` histogram, a timer due every 10 ms and how late it ran (bucket upper bounds). A process busy with work queued ahead, or waiting for a core this machine's other processes hold, delays everything that passes through it.`,
    '', loops, '',
    `What each process used during each run, in percent of one core (this machine has ${cores ?? 'an unknown number of'} cores, so ${(cores ?? 0) * 100} is all of it), read from /proc at the run's start and end: the stack, then the load the benchmark makes on the same machine (the boards' processes reading their sockets, this process opening tickets), then the machine's busy time on nobody's account (the kernel's interrupts and threads, the stack's supervisor). Where *machine* nears all of it, every stage waits for a core.`,
    '', cpu, '', '## A burst', '',
    `${BURST} changes of existing tickets queued in the outbox at once, published as fast as the relay goes, to 1,000 boards; the gateway's resident memory (its /metrics) before, at its highest while delivering, and 2 s after.`,
    '', memory, '', '## Outbox', '', `openTicket through the gateway once the burst's boards have disconnected (each ticket's event still goes through the gateway's feed), then the relay alone.`, '', outbox, '', goals, '',
  ].join('\n'));
  writeFileSync(join(ROOT, 'docs/benchmarks-events.csv'), [
    `boards,changes_per_s,delivered,resolutions_per_change,p50_ms,p95_ms,p99_ms,max_ms,${STAGES.map((stage) => `${stage}_p50_le_ms,${stage}_p99_le_ms`).join(',')},${LOOPS.map((name) => `${name}_loop_delay_p50_le_ms,${name}_loop_delay_p99_le_ms`).join(',')},${CPU_COLUMNS.map((c) => `cpu_${c.replace(/\W+/g, '_').replace(/_$/, '').toLowerCase()}_pct`).join(',')},cpu_machine_pct`,
    ...rows.map((r) => `${r.boards},${r.rate},${r.delivered},${r.resolutionsPerChange.toFixed(2)},${r.p50},${r.p95},${r.p99},${r.max},${STAGES.map((stage) => r.stages[stage].join(',')).join(',')},${LOOPS.map((name) => r.loops[name].join(',')).join(',')},${CPU_COLUMNS.map((c) => (r.cpu ? percent(cpuOf(r.cpu, c)) : '')).join(',')},${r.cpu ? percent(r.cpu.machine) : ''}`),
  ].join('\n') + '\n');
  log('\nwritten: docs/benchmarks-events.md, docs/benchmarks-events.csv');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
