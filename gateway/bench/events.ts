import 'reflect-metadata';

import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

import { Events, recordEvent } from '@pm/events';
import { issueToken, Role } from '@pm/identity';
import { findNats, findPostgres } from '@pm/infra';
import { configuredInfrastructure, ok, publishInfrastructure } from '@pm/testing';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

import { createTestProperty, createTestResident } from '../test/factories';
import { startTestGraph, TEST_JWT_SECRET } from '../test/graph';

/**
 * `npm run bench:events`: event-to-board latency with 1, 100 and 1,000 websocket boards on this
 * machine, and outbox throughput while mutations run. Prints a table and writes docs/benchmarks-events.md
 * and docs/benchmarks-events.csv.
 */
const BOARD_COUNTS = [1, 100, 1000];
const EVENTS_PER_RUN = 20;
const THROUGHPUT_MUTATIONS = 1000;
const CONCURRENCY = 16;
/** Distinct callers the boards are signed in as (boards beyond that share a caller). */
const CALLERS = 200;
const ROOT = join(__dirname, '..', '..');

const log = (line: string) => process.stdout.write(`${line}\n`);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function main(): Promise<void> {
  const configured = configuredInfrastructure();
  const pg = await findPostgres({ url: configured.databaseUrl, dataDir: join(ROOT, '.data/test-postgres'), log });
  const nats = await findNats({ url: configured.natsUrl, dataDir: join(ROOT, '.data/test-nats') });
  publishInfrastructure(pg.url, nats.url);
  log('starting five subgraphs and the gateway…');
  const graph = await startTestGraph({ SUBSCRIPTION_BUFFER: '10000' });
  await graph.gateway.ready();
  const rows: { boards: number; delivered: string; p50: number; p95: number; p99: number }[] = [];
  let throughput = { mutations: 0, seconds: 0, eventsPerSecond: 0, mutationsPerSecond: 0 };
  let drain = { events: 0, queueSeconds: 0, eventsPerSecond: 0 };
  try {
    const { propertyId, units } = await createTestProperty(graph, 1);
    const owner = await createTestResident(graph, units[0].id, '测试业主');
    // 200 callers, as a company's boards are: desk staff of four roles, some also working another
    // property, residents who see nothing of these tickets, and the reporting owner who sees them.
    const callers = Array.from({ length: CALLERS }, (_, i) => {
      const claims = i < 150
        ? { sub: `staff-${i}`, name: `员工${i}`, roles: [[Role.FRONT_DESK, Role.SUPERVISOR, Role.ENGINEER, Role.SECURITY][i % 4]], propertyIds: i % 2 ? [propertyId] : [propertyId, 'another-property'] }
        : i < CALLERS - 1
          ? { sub: `resident-${i}`, name: `住户${i}`, roles: [Role.RESIDENT], propertyIds: [propertyId], residentId: `not-the-reporter-${i}`, unitIds: [] }
          : { sub: 'the-owner', name: '测试业主', roles: [Role.RESIDENT], propertyIds: [propertyId], residentId: owner.id, unitIds: [units[0].id] };
      return { token: `Bearer ${issueToken(claims, TEST_JWT_SECRET)}`, receives: i < 150 || i === CALLERS - 1 };
    });
    const desk = graph.as(Role.FRONT_DESK);
    const open = (title: string) => desk('mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }', {
      input: { propertyId, kind: 'REPAIR', channel: 'PHONE', title, unitId: units[0].id, reporterId: owner.id },
    }).then(ok);

    for (const boards of BOARD_COUNTS) {
      process.stdout.write(`latency with ${boards} board(s): connecting`);
      const latencies: number[] = [];
      const clients: Client[] = [];
      const subscribed: Promise<void>[] = [];
      for (let i = 0; i < boards; i++) {
        const caller = callers[i % CALLERS];
        const client = createClient({ url: graph.url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: caller.token }, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined });
        clients.push(client);
        subscribed.push(new Promise((resolve) => client.on('connected', () => resolve())));
        client.subscribe<{ ticketChanged: { at: string } }>(
          { query: 'subscription($f: TicketFilter) { ticketChanged(filter: $f) { at ticket { number status unit { code } reporter { name } } } }', variables: { f: { propertyId } } },
          { next: ({ data }) => data && latencies.push(Date.now() - Date.parse(data.ticketChanged.at)), error: () => undefined, complete: () => undefined },
        );
        if (i % 100 === 99) process.stdout.write('.');
      }
      await Promise.all(subscribed);
      await new Promise((r) => setTimeout(r, 500 + boards));
      process.stdout.write(`; opening ${EVENTS_PER_RUN} tickets`);
      for (let e = 0; e < EVENTS_PER_RUN; e++) {
        await open(`bench ${boards}/${e}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const expected = Array.from({ length: boards }, (_, i) => callers[i % CALLERS]).filter((c) => c.receives).length * EVENTS_PER_RUN;
      const deadline = Date.now() + 120_000;
      while (latencies.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await Promise.all(clients.map((c) => c.dispose()));
      const sorted = [...latencies].sort((a, b) => a - b);
      rows.push({ boards, delivered: `${latencies.length}/${expected}`, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) });
      process.stdout.write(' done\n');
    }

    process.stdout.write(`outbox throughput: ${THROUGHPUT_MUTATIONS} openTicket mutations, ${CONCURRENCY} at a time`);
    const relay = graph.services.tickets.relay;
    const started = Date.now();
    let next = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < THROUGHPUT_MUTATIONS) {
        const n = next++;
        await open(`throughput ${n}`);
        if (n % 100 === 0) process.stdout.write('.');
      }
    }));
    const mutationsDone = Date.now();
    while ((await relay.stats()).pending > 0) await new Promise((r) => setTimeout(r, 20));
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(' done\nrelay drain: 5000 events queued in one transaction');
    const queued = Date.now();
    await graph.services.tickets.orm.em.fork().transactional(async (tx) => {
      for (let i = 0; i < 5000; i++) {
        const ticketId = randomUUID();
        recordEvent(tx, Events.ticketOpened, { ticketId, number: `BENCH-${i}`, propertyId, kind: 'REPAIR', channel: 'PHONE', status: 'NEW', unitId: null, reporterId: null, urgency: 'NORMAL' }, { aggregateId: ticketId, actor: 'bench' });
      }
    });
    relay.nudge();
    const drainStart = Date.now();
    while ((await relay.stats()).pending > 0) await new Promise((r) => setTimeout(r, 20));
    drain = { events: 5000, queueSeconds: (drainStart - queued) / 1000, eventsPerSecond: 5000 / ((Date.now() - drainStart) / 1000) };
    throughput = {
      mutations: THROUGHPUT_MUTATIONS,
      seconds,
      eventsPerSecond: THROUGHPUT_MUTATIONS / seconds,
      mutationsPerSecond: THROUGHPUT_MUTATIONS / ((mutationsDone - started) / 1000),
    };
    process.stdout.write(' done\n');
  } finally {
    await graph.stop();
    await nats.stop();
    await pg.stop();
  }

  const table = [
    '| boards | changes delivered | p50 ms | p95 ms | p99 ms |',
    '|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.boards} | ${r.delivered} | ${r.p50} | ${r.p95} | ${r.p99} |`),
  ].join('\n');
  const outbox = [
    '| mutations | concurrency | mutations/s | events published/s (commit → JetStream ack) |',
    '|---:|---:|---:|---:|',
    `| ${throughput.mutations} | ${CONCURRENCY} | ${throughput.mutationsPerSecond.toFixed(0)} | ${throughput.eventsPerSecond.toFixed(0)} |`,
    '',
    '| relay drain: events queued at once | published/s |',
    '|---:|---:|',
    `| ${drain.events} | ${drain.eventsPerSecond.toFixed(0)} |`,
  ].join('\n');
  log(`\nEvent → board latency (ticket opened → change received by every board, ${EVENTS_PER_RUN} tickets)\n${table}\n\nOutbox throughput\n${outbox}`);
  mkdirSync(join(ROOT, 'docs'), { recursive: true });
  writeFileSync(join(ROOT, 'docs/benchmarks-events.md'), [
    '# Benchmarks: live boards and the outbox', '',
    `\`npm run bench:events\`, ${new Date().toISOString().slice(0, 10)}, one machine (${cpus().length} cores): five subgraphs, the gateway and the boards in one process, PostgreSQL and NATS local.`,
    '', '## Event → board latency', '',
    `Time from the ticket's event (occurredAt, at commit) to its arrival at each board, with ticket { number status unit { code } reporter { name } } resolved through the federated graph. ${EVENTS_PER_RUN} tickets per row, 100 ms apart; boards signed in as up to ${CALLERS} different callers (150 desk staff of four roles, some of two properties; 49 residents who may not see these tickets and receive none; the reporting owner), a board beyond 200 sharing a caller.`,
    '', table, '', '## Outbox throughput', '', outbox, '',
  ].join('\n'));
  writeFileSync(join(ROOT, 'docs/benchmarks-events.csv'), [
    'boards,delivered,p50_ms,p95_ms,p99_ms', ...rows.map((r) => `${r.boards},${r.delivered},${r.p50},${r.p95},${r.p99}`),
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
