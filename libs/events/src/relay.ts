import { type MikroORM } from '@mikro-orm/postgresql';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import { contextFromTraceparent, inSpan, SpanKind, type Tracer } from '@pm/runtime';
import { type JetStreamClient, type NatsConnection } from 'nats';
import { type Logger } from 'pino';

import { connectNats } from './connection';
import { type ClaimedRow, RelayConnection } from './relay-connection';
import { EventSpace } from './stream';

export interface RelayOptions {
  orm: MikroORM;
  /** One server or a cluster's, comma-separated. */
  natsUrl: string;
  /** Copies of the stream to keep (see EventSpace.ensureStream). @default 1 */
  streamReplicas?: number;
  /** The stack's events on NATS: rows' catalogued subjects are published in it. @default the platform's, `pm` */
  space?: EventSpace;
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
  /** A commit asked for a publish since the current batch was claimed: look again before sleeping. */
  private nudged = false;
  private consecutiveFailures = 0;
  private readonly counters = { published: 0, failures: 0 };
  private readonly db: RelayConnection;
  private readonly space: EventSpace;

  constructor(private readonly options: RelayOptions) {
    this.db = new RelayConnection(options.orm);
    this.space = options.space ?? new EventSpace();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Publish now rather than at the next poll (call after a commit). */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.db.close();
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
    await this.space.ensureStream(await this.nc.jetstreamManager(), this.options.streamReplicas);
    this.js = this.nc.jetstream();
  }

  /**
   * Publishes while there is something to publish, then sleeps until a commit nudges it or pollMs
   * passes (rows written by another process: a replica that died before publishing, a bulk insert).
   * A batch that was full, or a nudge during a batch, means more may be waiting: it looks again at
   * once. Otherwise it does not: every commit of this process nudges after it, so a row committed
   * after the batch was claimed has nudged (the flag is cleared before the claim). A wake-up by the
   * timer asks only whether anything waits (one statement, no transaction) before claiming.
   */
  private async run(): Promise<void> {
    const { pollMs = 200, maxBackoffMs = 5_000, batchSize = 100 } = this.options;
    let look = true;
    while (this.running) {
      let published = 0;
      try {
        await this.connectOnce();
        const claim = look || this.nudged || (await this.db.anyWaiting());
        this.nudged = false;
        if (claim) published = await this.publishBatch();
        this.consecutiveFailures = 0;
      } catch (error) {
        this.consecutiveFailures += 1;
        this.counters.failures += 1;
        this.options.logger.warn({ err: error, attempt: this.consecutiveFailures }, 'outbox relay: publishing failed, will retry');
      }
      look = this.consecutiveFailures > 0;
      if (this.consecutiveFailures === 0 && (published >= batchSize || this.nudged)) continue;
      const delay = this.consecutiveFailures ? Math.min(maxBackoffMs, pollMs * 2 ** this.consecutiveFailures) : pollMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
        // Nudged between the batch and now: no sleep.
        if (this.nudged || !this.running) this.wake();
      });
      this.wake = undefined;
    }
  }

  /**
   * Claims up to batchSize rows in creation order (FOR UPDATE SKIP LOCKED: replicas share the work),
   * publishes them all at once (one connection keeps their order in the stream), awaits the
   * acknowledgements together and marks the rows up to the first failure, in one transaction on the
   * relay's own connection: two round trips a batch, the envelopes sent as PostgreSQL stored them.
   * The failed row's attempts and last error are recorded after the commit, then the failure is
   * raised; rows after it that did reach the stream are published again on the next attempt and
   * dropped there as duplicates (same msgID within the stream's duplicate window).
   */
  private async publishBatch(): Promise<number> {
    const { batchSize = 100, lagWarnMs = 10_000 } = this.options;
    const js = this.js!;
    let failure: { id: string; error: unknown } | undefined;
    const sent = await this.db.batch(batchSize, async (rows) => {
      if (rows.length && Date.now() - rows[0].createdAt > lagWarnMs) {
        this.options.logger.warn({ lagMs: Date.now() - rows[0].createdAt }, 'outbox relay is behind');
      }
      // A row whose subject is not catalogued fails alone (space.subject throws), like a refused publish.
      const acks = await Promise.allSettled(rows.map(async (row) => {
        const subject = this.space.subject(row.subject);
        return this.traced(row, subject, () => js.publish(subject, row.envelope, { msgID: row.id }));
      }));
      const published: string[] = [];
      for (const [i, ack] of acks.entries()) {
        if (ack.status === 'rejected') {
          failure = { id: rows[i].id, error: ack.reason };
          break;
        }
        published.push(rows[i].id);
      }
      return published;
    });
    this.counters.published += sent;
    if (failure) {
      await this.db.recordFailure(failure.id, String(failure.error).slice(0, 500));
      throw failure.error;
    }
    return sent;
  }

  /** `publish` in a producer span of the event's own trace (from its envelope), when tracing. */
  private traced<T>(row: ClaimedRow, subject: string, publish: () => Promise<T>): Promise<T> {
    const { tracer } = this.options;
    if (!tracer || !row.traceparent) return publish();
    return inSpan(tracer, `publish ${subject}`, {
      kind: SpanKind.PRODUCER,
      parent: () => contextFromTraceparent(row.traceparent ?? undefined, ROOT_CONTEXT),
      attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject, 'messaging.message.id': row.id },
    }, publish);
  }
}
