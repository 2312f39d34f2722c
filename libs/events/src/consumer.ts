import { type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import { contextFromTraceparent, inSpan, SpanKind, type Tracer } from '@pm/runtime';
import {
  AckPolicy, type Consumer, type ConsumerMessages, DeliverPolicy, type JsMsg, type NatsConnection, headers,
} from 'nats';
import { type Logger } from 'pino';

import { connectNats } from './connection';
import { type EventEnvelope, parseEnvelope } from './envelope';
import { EventSpace } from './stream';

/** How an event reached this consumer. */
export interface Delivery {
  /** When this consumer received it (real time, like the event's `occurredAt`): how late it is. */
  receivedAt: Date;
}

/** Applies one event's effect inside the consumer's transaction. */
export type EventHandler = (em: EntityManager, event: EventEnvelope, delivery: Delivery) => Promise<void>;

export interface ConsumerOptions {
  orm: MikroORM;
  /** One server or a cluster's, comma-separated. */
  natsUrl: string;
  /** Copies of the stream to keep (see EventSpace.ensureStream). @default 1 */
  streamReplicas?: number;
  /** The stack's events on NATS. @default the platform's, `pm` */
  space?: EventSpace;
  logger: Logger;
  /** Durable name, shared by the service's replicas (they split the work). */
  name: string;
  /**
   * Event type → handler; the consumer subscribes to each type's subject. An event its handler's
   * `when` turns down is acknowledged without a transaction (counted as skipped).
   */
  handlers: Record<string, { subject: string; handle: EventHandler; when?: (event: EventEnvelope) => boolean }>;
  /** Deliveries before an event goes to the dead-letter subject. @default 5 */
  maxDeliver?: number;
  /** Wait before a failed event is redelivered. @default 1000 */
  retryDelayMs?: number;
  /** A new durable starts here; by default at the stream's first event (a read-model rebuilds from all). */
  startAt?: Date;
  /** The server removes the durable after this long without a client (tests). @default never */
  inactiveThresholdMs?: number;
  /** Log a warning when more events than this wait (checked every 30 s). @default 1000 */
  lagWarnEvents?: number;
  /** Records a `consume <type>` span per event, continuing the trace of the change that published it. */
  tracer?: Tracer;
}

/** Where events a consumer gave up on go (catalogued; see EventSpace), with the reason in the `Pm-Dead-Reason` header. */
export const deadLetterSubject = (consumer: string) => `pm.dlq.${consumer}`;

const durableName = (name: string, subject: string) => `${name}__${subject.replace(/[.>*]/g, '_')}`;

export interface ConsumerStats {
  handled: number;
  duplicates: number;
  /** Events acknowledged without a transaction: their handler's `when` turned them down. */
  skipped: number;
  deadLettered: number;
  /** Events not yet handled: undelivered plus delivered-but-unacked (the consumer-lag metric). */
  pending: number;
}

/**
 * A durable JetStream consumer with an inbox: each event's effect and its inbox row commit together,
 * then the message is acked, so redelivery never repeats an effect. Failures are retried; after
 * maxDeliver attempts the event goes to the dead-letter subject with the reason and is terminated.
 */
export class EventConsumer {
  private nc?: NatsConnection;
  private readonly streams: ConsumerMessages[] = [];
  private readonly consumers: Consumer[] = [];
  private readonly loops: Promise<void>[] = [];
  private readonly counters = { handled: 0, duplicates: 0, deadLettered: 0, skipped: 0 };
  private running = false;
  private booting?: Promise<void>;
  private lagTimer?: NodeJS.Timeout;

  private readonly space: EventSpace;

  constructor(private readonly options: ConsumerOptions) {
    this.space = options.space ?? new EventSpace();
  }

  /** Starts consuming in the background; while NATS is unreachable it keeps trying, never blocking the service. */
  start(): void {
    this.running = true;
    this.lagTimer = setInterval(() => void this.logLag(), 30_000).unref();
    this.booting = (async () => {
      for (let attempt = 1; this.running; attempt++) {
        try {
          await this.subscribe();
          return;
        } catch (error) {
          this.options.logger.warn({ err: error, attempt }, 'event consumer: NATS unavailable, retrying');
          await this.abandonPartialSubscription();
          await new Promise((r) => setTimeout(r, Math.min(5_000, 250 * 2 ** attempt)));
        }
      }
    })();
  }

  /** Resolves once the consumer is subscribed (for tests and readiness). */
  ready(): Promise<void> {
    return this.booting ?? Promise.resolve();
  }

  private async subscribe(): Promise<void> {
    const { natsUrl, name, maxDeliver = 5 } = this.options;
    this.nc = await connectNats(natsUrl, `consumer-${name}`);
    const jsm = await this.nc.jetstreamManager();
    const { space } = this;
    await space.ensureStream(jsm, this.options.streamReplicas);
    const subjects = [...new Set(Object.values(this.options.handlers).map((h) => h.subject))];
    for (const subject of subjects) {
      const durable = durableName(name, subject);
      try {
        await jsm.consumers.info(space.stream, durable);
      } catch {
        await jsm.consumers.add(space.stream, {
          durable_name: durable, filter_subject: space.subject(subject), ack_policy: AckPolicy.Explicit,
          ...(this.options.startAt ? { deliver_policy: DeliverPolicy.StartTime, opt_start_time: this.options.startAt.toISOString() } : { deliver_policy: DeliverPolicy.All }),
          ...(this.options.inactiveThresholdMs ? { inactive_threshold: this.options.inactiveThresholdMs * 1_000_000 } : {}),
          max_deliver: maxDeliver + 1, ack_wait: 30_000_000_000,
        });
      }
      const consumer = await this.nc.jetstream().consumers.get(space.stream, durable);
      this.consumers.push(consumer);
      const messages = await consumer.consume({ max_messages: 100 });
      this.streams.push(messages);
      this.loops.push(this.process(messages));
    }
  }

  /** A subscription that failed half-way leaves nothing open behind it (its connection, its streams). */
  private async abandonPartialSubscription(): Promise<void> {
    for (const messages of this.streams.splice(0)) await messages.close().catch(() => undefined);
    this.consumers.splice(0);
    await Promise.all(this.loops.splice(0)).catch(() => undefined);
    const nc = this.nc;
    this.nc = undefined;
    await nc?.close().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.lagTimer);
    await this.booting;
    // A stream's close() can wait on a pull still open at the server (seen with streams that were
    // busy a moment before): give them all a moment together, then drain the connection, which ends
    // every stream and so every loop. An event being handled finishes first (its loop is awaited).
    const within = (promise: Promise<unknown>, ms: number) => Promise.race([promise, new Promise((resolve) => setTimeout(resolve, ms).unref())]);
    await within(Promise.all(this.streams.map((messages) => messages.close().catch(() => undefined))), 1_000);
    await this.nc?.drain().catch(() => undefined);
    await within(Promise.all(this.loops), 5_000);
  }

  async stats(): Promise<ConsumerStats> {
    let pending = 0;
    for (const consumer of this.consumers) {
      const info = await consumer.info();
      pending += info.num_pending + info.num_ack_pending;
    }
    return { ...this.counters, pending };
  }

  private async logLag(): Promise<void> {
    const stats = await this.stats().catch(() => undefined);
    if (stats && stats.pending > (this.options.lagWarnEvents ?? 1000)) {
      this.options.logger.warn({ consumer: this.options.name, pending: stats.pending }, 'event consumer is behind');
    }
  }

  private async process(messages: ConsumerMessages): Promise<void> {
    for await (const message of messages) {
      if (!this.running) break;
      await this.handle(message);
    }
  }

  private async handle(message: JsMsg): Promise<void> {
    const delivery: Delivery = { receivedAt: new Date() };
    let event: EventEnvelope;
    try {
      event = parseEnvelope(message.data);
    } catch (error) {
      return this.deadLetter(message, `invalid event: ${(error as Error).message}`);
    }
    const { tracer } = this.options;
    if (!tracer || !event.traceparent) return this.apply(message, event, delivery);
    return inSpan(tracer, `consume ${event.type}`, {
      kind: SpanKind.CONSUMER,
      parent: () => contextFromTraceparent(event.traceparent, ROOT_CONTEXT),
      attributes: { 'messaging.system': 'nats', 'messaging.destination.name': message.subject, 'messaging.consumer.group.name': this.options.name, 'messaging.message.id': event.id },
    }, (span) => this.apply(message, event, delivery, (outcome) => span.setAttribute('pm.outcome', outcome)));
  }

  /** The event's effect with its inbox row, then the ack (or a retry, or the dead-letter subject). */
  private async apply(message: JsMsg, event: EventEnvelope, delivery: Delivery, outcome: (o: 'handled' | 'duplicate' | 'skipped' | 'failed') => void = () => undefined): Promise<void> {
    const { logger, maxDeliver = 5, retryDelayMs = 1000 } = this.options;
    const handler = this.options.handlers[event.type];
    if (!handler || (handler.when && !handler.when(event))) {
      outcome('skipped');
      message.ack();
      if (handler) this.counters.skipped += 1;
      return;
    }
    try {
      const applied = await this.options.orm.em.fork().transactional(async (tx) => {
        const inserted = await tx.getConnection().execute(
          'insert into inbox (event_id, consumer, type, handled_at) values (?, ?, ?, now()) on conflict do nothing returning event_id',
          [event.id, this.options.name, event.type],
          'all',
          tx.getTransactionContext(),
        );
        if (!inserted.length) return false;
        await handler.handle(tx, event, delivery);
        return true;
      });
      message.ack();
      outcome(applied ? 'handled' : 'duplicate');
      if (applied) this.counters.handled += 1;
      else this.counters.duplicates += 1;
    } catch (error) {
      outcome('failed');
      if (message.info.redeliveryCount >= maxDeliver) {
        return this.deadLetter(message, String(error), event);
      }
      logger.warn({ err: error, eventId: event.id, type: event.type, attempt: message.info.redeliveryCount }, 'event handler failed; will retry');
      message.nak(retryDelayMs);
    }
  }

  private async deadLetter(message: JsMsg, reason: string, event?: EventEnvelope): Promise<void> {
    const h = headers();
    h.set('Pm-Dead-Reason', reason.slice(0, 1000));
    h.set('Pm-Original-Subject', message.subject);
    try {
      await this.nc!.jetstream().publish(this.space.subject(deadLetterSubject(this.options.name)), message.data, { headers: h, msgID: `dlq-${this.options.name}-${message.seq}` });
      message.term();
      this.counters.deadLettered += 1;
      this.options.logger.error({ eventId: event?.id, subject: message.subject, reason }, 'event dead-lettered');
    } catch (error) {
      this.options.logger.warn({ err: error }, 'could not dead-letter; will retry');
      message.nak(1000);
    }
  }
}
