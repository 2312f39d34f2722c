import { LockMode, type MikroORM, raw } from '@mikro-orm/postgresql';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import { contextFromTraceparent, inSpan, SpanKind, type Tracer } from '@pm/runtime';
import { type JetStreamClient, type NatsConnection } from 'nats';
import { type Logger } from 'pino';

import { connectNats } from './connection';
import { OutboxMessage } from './outbox';
import { ensureStream } from './stream';

export interface RelayOptions {
  orm: MikroORM;
  /** One server or a cluster's, comma-separated. */
  natsUrl: string;
  /** Copies of the stream to keep (see ensureStream). @default 1 */
  streamReplicas?: number;
  logger: Logger;
  /** Rows published per transaction. @default 100 */
  batchSize?: number;
  /** Pause between polls while the outbox is empty. @default 200 */
  pollMs?: number;
  /** Longest pause after failures (doubling from pollMs): a NATS node's death costs seconds, not half a minute. @default 5000 */
  maxBackoffMs?: number;
  /** Log a warning when the oldest unpublished event is older than this. @default 10000 */
  lagWarnMs?: number;
  /** Records a `publish <subject>` span per event, in the trace of the change that wrote it. */
  tracer?: Tracer;
}

/** What the relay has done and how far behind it is: the outbox-lag metric. */
export interface RelayStats {
  published: number;
  failures: number;
  pending: number;
  oldestPendingAgeMs: number;
  connected: boolean;
}

/**
 * Publishes outbox rows to JetStream in order, with `Nats-Msg-Id` = event id, and marks them sent.
 * Runs beside the service and never blocks a write: while NATS is away rows wait and the relay
 * retries with backoff. Rows are claimed with FOR UPDATE SKIP LOCKED, so replicas share the work.
 */
export class OutboxRelay {
  private nc?: NatsConnection;
  private js?: JetStreamClient;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private consecutiveFailures = 0;
  private readonly counters = { published: 0, failures: 0 };

  constructor(private readonly options: RelayOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Publish now rather than at the next poll (call after a commit). */
  nudge(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.nc?.drain().catch(() => undefined);
  }

  async stats(): Promise<RelayStats> {
    const em = this.options.orm.em.fork();
    const [row] = await em.getConnection().execute<{ pending: string; oldest: Date | null }[]>(
      'select count(*) as pending, min(created_at) as oldest from outbox where published_at is null',
    );
    return {
      ...this.counters,
      pending: Number(row.pending),
      oldestPendingAgeMs: row.oldest ? Date.now() - new Date(row.oldest).getTime() : 0,
      connected: Boolean(this.nc && !this.nc.isClosed()),
    };
  }

  /** Connects on first need; a failed first connect is retried by the loop's backoff, later drops by nats.js. */
  private async connectOnce(): Promise<void> {
    if (this.js && this.nc && !this.nc.isClosed()) return;
    this.js = undefined;
    // A connection whose set-up failed half-way (the stream check) is closed before the next try.
    await this.nc?.close().catch(() => undefined);
    this.nc = await connectNats(this.options.natsUrl, 'outbox-relay');
    await ensureStream(await this.nc.jetstreamManager(), this.options.streamReplicas);
    this.js = this.nc.jetstream();
  }

  private async run(): Promise<void> {
    const { pollMs = 200, maxBackoffMs = 5_000 } = this.options;
    while (this.running) {
      let published = 0;
      try {
        await this.connectOnce();
        published = await this.publishBatch();
        this.consecutiveFailures = 0;
      } catch (error) {
        this.consecutiveFailures += 1;
        this.counters.failures += 1;
        this.options.logger.warn({ err: error, attempt: this.consecutiveFailures }, 'outbox relay: publishing failed, will retry');
      }
      if (published > 0 && this.consecutiveFailures === 0) continue;
      const delay = this.consecutiveFailures ? Math.min(maxBackoffMs, pollMs * 2 ** this.consecutiveFailures) : pollMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /**
   * Claims and publishes up to batchSize rows in creation order, up to the first failure. The
   * rows already published stay marked as published (their transaction commits); the failed row's
   * attempts and last error are recorded in a transaction of their own, then the failure is raised.
   */
  private async publishBatch(): Promise<number> {
    const { batchSize = 100, lagWarnMs = 10_000 } = this.options;
    const js = this.js!;
    let failure: { id: string; error: unknown } | undefined;
    const sent = await this.options.orm.em.fork().transactional(async (tx) => {
      const rows = await tx.find(OutboxMessage, { publishedAt: null }, {
        orderBy: { createdAt: 'asc', id: 'asc' },
        limit: batchSize,
        lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE,
      });
      if (rows.length && Date.now() - rows[0].createdAt.getTime() > lagWarnMs) {
        this.options.logger.warn({ lagMs: Date.now() - rows[0].createdAt.getTime() }, 'outbox relay is behind');
      }
      // Every row of the batch on the wire at once (one connection keeps their order in the
      // stream), then the acknowledgements awaited together: the relay no longer waits a round trip
      // per event. Only the rows before the first failure are marked; those after it that did
      // reach the stream are published again on the next attempt and dropped there as duplicates
      // (same msgID within the stream's duplicate window).
      const acks = await Promise.allSettled(rows.map((row) => this.traced(row, () => js.publish(row.subject, JSON.stringify(row.envelope), { msgID: row.id }))));
      const now = new Date();
      let published = 0;
      for (const [i, ack] of acks.entries()) {
        if (ack.status === 'rejected') {
          failure = { id: rows[i].id, error: ack.reason };
          break;
        }
        rows[i].publishedAt = now;
        published += 1;
      }
      return published;
    });
    this.counters.published += sent;
    if (failure) {
      await this.options.orm.em.fork().nativeUpdate(OutboxMessage, { id: failure.id }, {
        attempts: raw('attempts + 1'), lastError: String(failure.error).slice(0, 500),
      } as never);
      throw failure.error;
    }
    return sent;
  }

  /** `publish` in a producer span of the event's own trace (from its envelope), when tracing. */
  private traced<T>(row: OutboxMessage, publish: () => Promise<T>): Promise<T> {
    const { tracer } = this.options;
    if (!tracer || !row.envelope.traceparent) return publish();
    return inSpan(tracer, `publish ${row.subject}`, {
      kind: SpanKind.PRODUCER,
      parent: () => contextFromTraceparent(row.envelope.traceparent, ROOT_CONTEXT),
      attributes: { 'messaging.system': 'nats', 'messaging.destination.name': row.subject, 'messaging.message.id': row.id },
    }, publish);
  }
}
