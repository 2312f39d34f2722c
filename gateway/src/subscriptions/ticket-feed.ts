import { type EventEnvelope, EventSpace, parseEnvelope } from '@pm/events';
import { type Logger } from '@pm/runtime';
import { ConsumerEvents, type ConsumerMessages, DeliverPolicy, type NatsConnection } from 'nats';

/** Every ticket event, published by the tickets service (catalogued; see EventSpace). */
export const TICKET_SUBJECTS = 'pm.tickets.>';

/** A ticket event with its stream position (what a board's cursor encodes). */
export interface TicketEvent {
  seq: number;
  /** The feed's cursor(seq), once for every board. */
  cursor: string;
  event: EventEnvelope;
}

/** A board's cursor: `<stream>:<sequence>`, base64url (`PM_EVENTS:812`). */
export function encodeChangeCursor(stream: string, seq: number): string {
  return Buffer.from(`${stream}:${seq}`).toString('base64url');
}

/** The sequence in a cursor given out for `stream`, or null (not a cursor, or another stack's). */
export function decodeChangeCursor(stream: string, cursor: string): number | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^([A-Z0-9_]+):(\d+)$/.exec(text);
  return match && match[1] === stream ? Number(match[2]) : null;
}

/**
 * This gateway replica's one live feed of ticket events (an ordered consumer from "now"), fanned out
 * to every subscription; `replay` reads what a reconnecting board missed.
 */
export class TicketFeed {
  private readonly listeners = new Set<(item: TicketEvent) => void>();
  private last = 0;
  private restarts = 0;
  private running = false;
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private readonly subjects: string;

  constructor(private readonly nc: NatsConnection, private readonly logger: Logger, readonly space = new EventSpace()) {
    this.subjects = space.subject(TICKET_SUBJECTS);
  }

  /** The cursor of a change at `seq` in this feed's stream. */
  cursor(seq: number): string {
    return encodeChangeCursor(this.space.stream, seq);
  }

  /** The sequence of a cursor this feed gave out, or null. */
  sequenceOf(cursor: string): number | null {
    return decodeChangeCursor(this.space.stream, cursor);
  }

  async start(): Promise<void> {
    this.running = true;
    await this.subscribe();
    this.loop = this.run();
    void this.watchConnection();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.messages?.close();
    await this.loop;
  }

  /**
   * Follows the stream until stopped. The feed is an ephemeral ordered consumer on one NATS node:
   * when that node goes away (or the connection moves to another), the feed starts again right after
   * the last change it fanned out, so boards miss nothing and see nothing twice.
   */
  private async run(): Promise<void> {
    for (let attempt = 0; this.running; ) {
      try {
        for await (const message of this.messages!) {
          attempt = 0;
          const item = this.parse(message.seq, message.data);
          this.last = message.seq;
          if (item) for (const listener of this.listeners) listener(item);
        }
      } catch (error) {
        this.logger.warn({ err: error, after: this.last }, 'live ticket feed interrupted');
      }
      while (this.running) {
        try {
          await this.subscribe();
          this.restarts += 1;
          this.logger.info({ after: this.last, restarts: this.restarts }, 'live ticket feed resumed');
          break;
        } catch (error) {
          // The stream may have no leader for a moment while the cluster elects one.
          attempt += 1;
          this.logger.warn({ err: error, attempt }, 'live ticket feed: resuming failed, retrying');
          await new Promise((r) => setTimeout(r, Math.min(2000, 100 * 2 ** attempt)));
        }
      }
    }
  }

  /**
   * A gateway may start before any service on a new NATS (or in a new namespace), or find the stream
   * gone: it creates it as they do, rather than failing to follow one not there (its boards then
   * stayed empty until the gateway was restarted).
   */
  private async subscribe(): Promise<void> {
    await this.space.ensureStream(await this.nc.jetstreamManager());
    const js = this.nc.jetstream();
    const consumer = this.last
      ? await js.consumers.get(this.space.stream, { filterSubjects: this.subjects, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: this.last + 1 })
      : await js.consumers.get(this.space.stream, { filterSubjects: this.subjects, deliver_policy: DeliverPolicy.New });
    // Heartbeats every 2.5 s: a consumer lost with its node is noticed within seconds.
    const messages = await consumer.consume({ expires: 5000 });
    this.messages = messages;
    void (async () => {
      // Its consumer gone (its node died, or the server lost it): `run` starts a new one after the
      // last change rather than waiting for the client library's own, slower, recovery.
      for await (const status of await messages.status()) {
        const lost = (status.type === ConsumerEvents.HeartbeatsMissed && Number(status.data) >= 2)
          || status.type === ConsumerEvents.ConsumerNotFound || status.type === ConsumerEvents.ConsumerDeleted;
        if (lost) {
          this.logger.warn({ status: status.type, after: this.last }, 'live ticket feed lost its consumer');
          await messages.close().catch(() => undefined);
          return;
        }
      }
    })().catch(() => undefined);
  }

  /** A reconnect (to another node, perhaps) ends the current consumer; `run` resumes it after the last change. */
  private async watchConnection(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (!this.running) return;
      if (status.type === 'disconnect' || status.type === 'reconnect') this.logger.info({ status: status.type, server: status.data }, 'live ticket feed: NATS connection');
      if (status.type === 'reconnect') await this.messages?.close().catch(() => undefined);
    }
  }

  /** Times the feed resumed after losing its consumer (a NATS node or the connection went away). */
  get resumed(): number {
    return this.restarts;
  }

  /**
   * Where the stream stands now (its last sequence, of any subject): a board that reads its tickets
   * after this and then subscribes with it as `after` misses no change made meanwhile (those
   * published later are replayed; those published before were committed before the read).
   */
  async position(): Promise<number> {
    const jsm = await this.nc.jetstreamManager();
    return Math.max(this.last, (await jsm.streams.info(this.space.stream)).state.last_seq);
  }

  /** The stream sequence of the newest change fanned out. */
  get lastSeq(): number {
    return this.last;
  }

  listen(listener: (item: TicketEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many ticket events a board that last saw `afterSeq` has missed. */
  async missedSince(afterSeq: number): Promise<number> {
    const consumer = await this.nc.jetstream().consumers.get(this.space.stream, { filterSubjects: this.subjects, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: afterSeq + 1 });
    return (await consumer.info(true)).num_pending;
  }

  /** The ticket events after `afterSeq` up to the stream's end at the time of the call. */
  async *replay(afterSeq: number): AsyncGenerator<TicketEvent> {
    const js = this.nc.jetstream();
    const consumer = await js.consumers.get(this.space.stream, { filterSubjects: this.subjects, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: afterSeq + 1 });
    const { num_pending: pending } = await consumer.info(true);
    if (pending === 0) return;
    const messages = await consumer.consume();
    try {
      for await (const message of messages) {
        const item = this.parse(message.seq, message.data);
        if (item) yield item;
        if (message.info.pending === 0) break;
      }
    } finally {
      await messages.close();
    }
  }

  private parse(seq: number, data: Uint8Array): TicketEvent | null {
    try {
      return { seq, cursor: this.cursor(seq), event: parseEnvelope(data) };
    } catch (error) {
      this.logger.warn({ err: error, seq }, 'skipping an invalid ticket event');
      return null;
    }
  }
}
