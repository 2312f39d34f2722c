import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { databaseUrl, dropDatabase } from '@pm/db';
import { connectNats, EventSpace } from '@pm/events';
import { issueToken, type Role } from '@pm/identity';
import { freePort, NatsCluster, waitFor } from '@pm/infra';
import { testInfrastructure } from '@pm/testing';
import { createClient } from 'graphql-ws';
import { DeliverPolicy } from 'nats';
import { Client } from 'pg';
import WebSocket from 'ws';

import { type Managed, startNode, tail } from '../../src/processes';

/** The cluster is the stack's own: the platform's namespace, PM_EVENTS. */
export const STREAM = new EventSpace().stream;

export const SERVICES = ['tickets', 'residents', 'renovation', 'parking', 'surveys'] as const;

export interface Replica extends Managed {
  internalPort: number;
}

/** What a client learnt of one write: done, refused by a rule (nothing written), or cut off (unknown). */
export type Outcome = 'ok' | 'failed' | 'ambiguous';
/** Errors that mean nothing was written. */
const DEFINITE = new Set(['BAD_USER_INPUT', 'CONFLICT', 'FORBIDDEN', 'UNAUTHENTICATED', 'NOT_FOUND']);

export interface Board {
  changes: { type: string; ticketId: string }[];
  /** Ticket ids this board received `tickets.ticket.opened` for. */
  opened(): Set<string>;
  /** Tickets whose opening arrived more than once. */
  duplicates(): number;
  dispose(): Promise<void>;
}

/**
 * The platform as production runs it, on one machine: a 3-node JetStream cluster, two processes of
 * every service, two gateways, each its own process (production mode, stream replicas 3), on fresh
 * databases; and what a test needs to kill parts of it and count what happened.
 */
export class ReplicaStack {
  readonly prefix = `pm_test_rep_${randomBytes(3).toString('hex')}`;
  readonly replicas: Record<string, Replica[]> = {};
  readonly gateways: Replica[] = [];
  cluster!: NatsCluster;
  private readonly jwtSecret = randomBytes(24).toString('hex');
  private readonly identitySecret = randomBytes(24).toString('hex');
  private readonly server = testInfrastructure().databaseUrl;
  private readonly boards: Board[] = [];
  private dataDir?: string;

  constructor(private readonly natsBinary: string) {}

  db(name: string): string {
    return `${this.prefix}_${name}`;
  }

  async start(serviceSettings: Record<string, Record<string, string>> = {}): Promise<void> {
    this.dataDir = mkdtempSync(join(tmpdir(), 'pm-replicas-'));
    this.cluster = await NatsCluster.start(join(this.dataDir, 'nats'), { binary: this.natsBinary });
    // The first replica of each service migrates its database; the second starts on a migrated one.
    for (const round of [1, 2]) {
      const started = await Promise.all(SERVICES.map((name) => this.startProcess(`${name}-${round}`, `services/${name}/src/main.ts`, {
        DATABASE_NAME: this.db(name), CONSUMER_NAME: this.db(name), ...serviceSettings[name],
      })));
      for (const [i, p] of started.entries()) (this.replicas[SERVICES[i]] ??= []).push(p);
    }
    const subgraphs = Object.fromEntries(SERVICES.map((name) => [`${name.toUpperCase()}_URL`, this.replicas[name].map((p) => `http://127.0.0.1:${p.port}/graphql`).join(',')]));
    for (const round of [1, 2]) {
      this.gateways.push(await this.startProcess(`gateway-${round}`, 'gateway/src/main.ts', { ...subgraphs, DATABASE_NAME: this.db('gateway'), JWT_SECRET: this.jwtSecret }));
    }
  }

  async stop(): Promise<void> {
    for (const b of this.boards) await b.dispose().catch(() => undefined);
    await Promise.all([...this.gateways, ...Object.values(this.replicas).flat()].map((p) => this.kill(p)));
    await this.cluster?.stop();
    for (const name of [...SERVICES, 'gateway']) await dropDatabase(this.server, this.db(name)).catch(() => undefined);
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Ends a replica at once (SIGKILL: no draining, no goodbye). */
  kill(p: Replica): Promise<void> {
    return new Promise<void>((resolve) => {
      if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve();
      p.child.once('exit', () => resolve());
      p.child.kill('SIGKILL');
    });
  }

  /** One call as a client behind a load balancer sees it: refused (never sent) goes to the other gateway. */
  async call<T>(role: Role, query: string, variables: Record<string, unknown>, prefer = 0): Promise<{ outcome: Outcome; data?: T; retried: boolean }> {
    let retried = false;
    for (const g of [this.gateways[prefer % 2], this.gateways[(prefer + 1) % 2]]) {
      try {
        const response = await fetch(this.url(g), { method: 'POST', headers: { 'content-type': 'application/json', authorization: this.token(role) }, body: JSON.stringify({ query, variables }) });
        const body = (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
        if (!body.errors?.length) return { outcome: 'ok', data: body.data, retried };
        // A refusal by a rule is certain; a subgraph cut off mid-call (its replica killed) may have committed.
        const refused = body.errors.every((e) => DEFINITE.has(e.extensions?.code ?? ''));
        return { outcome: refused ? 'failed' : 'ambiguous', data: body.data, retried };
      } catch (error) {
        if ((error as { cause?: { code?: string } }).cause?.code !== 'ECONNREFUSED') return { outcome: 'ambiguous', retried };
        retried = true;
      }
    }
    return { outcome: 'failed', retried };
  }

  async sql<T = Record<string, unknown>>(service: string, text: string, values: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: databaseUrl(this.server, this.db(service)) });
    await client.connect();
    try {
      return (await client.query(text, values)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** Every event on `subject` in the stream, by aggregate id (and `detail` of its payload): how many times each is there. */
  async streamCounts(subject: string, detail?: string): Promise<Map<string, number>> {
    const nc = await connectNats(this.cluster.url, 'replicas-test-reader');
    try {
      const info = await (await nc.jetstreamManager()).streams.info(STREAM, { subjects_filter: subject });
      const total = info.state.subjects?.[subject] ?? 0;
      const counts = new Map<string, number>();
      if (!total) return counts;
      const consumer = await nc.jetstream().consumers.get(STREAM, { filterSubjects: subject, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: 1 });
      let seen = 0;
      for await (const m of await consumer.fetch({ max_messages: total, expires: 5000 })) {
        const event = m.json() as { aggregateId: string; payload: Record<string, string> };
        const id = detail ? `${event.aggregateId}:${event.payload[detail]}` : event.aggregateId;
        counts.set(id, (counts.get(id) ?? 0) + 1);
        if (++seen >= total) break;
      }
      return counts;
    } finally {
      await nc.close();
    }
  }

  /** A wall board on gateway `g` following the property's tickets. */
  board(g: Replica, propertyId: string, role: Role): Board {
    const changes: Board['changes'] = [];
    const client = createClient({ url: this.url(g).replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: this.token(role) }, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined });
    const dispose = client.subscribe<{ ticketChanged: { type: string; ticket: { id: string } } }>(
      { query: 'subscription($filter: TicketFilter) { ticketChanged(filter: $filter) { type ticket { id } } }', variables: { filter: { propertyId } } },
      { next: (v) => v.data && changes.push({ type: v.data.ticketChanged.type, ticketId: v.data.ticketChanged.ticket.id }), error: () => undefined, complete: () => undefined },
    );
    const openings = () => changes.filter((c) => c.type === 'tickets.ticket.opened').map((c) => c.ticketId);
    const board: Board = {
      changes,
      opened: () => new Set(openings()),
      duplicates: () => openings().length - new Set(openings()).size,
      dispose: async () => { dispose(); await client.dispose(); },
    };
    this.boards.push(board);
    return board;
  }

  private token(role: Role): string {
    return `Bearer ${issueToken({ sub: `replicas-${role}`, name: `Replicas ${role}`, roles: [role], propertyIds: ['*'] }, this.jwtSecret)}`;
  }

  private url(g: Replica): string {
    return `http://127.0.0.1:${g.port}/graphql`;
  }

  private async startProcess(name: string, entry: string, env: Record<string, string | undefined>): Promise<Replica> {
    const port = await freePort();
    const internalPort = await freePort();
    const managed = startNode(`${this.prefix}-${name}`, entry, port, {
      PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', LOG_LEVEL: 'info', HOST: '127.0.0.1',
      DATABASE_URL: this.server, NATS_URL: this.cluster.url, STREAM_REPLICAS: '3', IDENTITY_SECRET: this.identitySecret, MIGRATE_ON_BOOT: 'true',
      ...env, PORT: String(port), INTERNAL_PORT: String(internalPort),
    });
    let exited = false;
    managed.child.once('exit', () => (exited = true));
    const ready = await waitFor(async () => exited || (await fetch(`http://127.0.0.1:${internalPort}/readyz`).catch(() => undefined))?.status === 200, 90_000, 250);
    if (exited || !ready) throw new Error(`${name} did not become ready; its log ends:\n${tail(managed.logFile)}`);
    return { ...managed, internalPort };
  }
}
