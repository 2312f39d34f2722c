import { parseEnvelope, STREAM, type EventEnvelope } from '@pm/events';
import { type Logger } from '@pm/runtime';
import { type ConsumerMessages, DeliverPolicy, type NatsConnection } from 'nats';

/** Every ticket event, published by the tickets service. */
export const TICKET_SUBJECTS = 'pm.tickets.>';

/** A ticket event with its stream position (what a board's cursor encodes). */
export interface TicketEvent {
  seq: number;
  /** encodeChangeCursor(seq), once for every board. */
  cursor: string;
  event: EventEnvelope;
}

export function encodeChangeCursor(seq: number): string {
  return Buffer.from(`PM_EVENTS:${seq}`).toString('base64url');
}

/** The stream sequence in a cursor this gateway gave out, or null. */
export function decodeChangeCursor(cursor: string): number | null {
  const match = /^PM_EVENTS:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : null;
}

/**
 * This gateway replica's one live feed of ticket events (an ordered consumer from "now"), fanned out
 * to every subscription; `replay` reads what a reconnecting board missed.
 */
export class TicketFeed {
  private readonly listeners = new Set<(item: TicketEvent) => void>();
  private started = 0;
  private last = 0;
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;

  constructor(private readonly nc: NatsConnection, private readonly logger: Logger) {}

  async start(): Promise<void> {
    const consumer = await this.nc.jetstream().consumers.get(STREAM, { filterSubjects: TICKET_SUBJECTS, deliver_policy: DeliverPolicy.New });
    this.messages = await consumer.consume();
    this.loop = (async () => {
      for await (const message of this.messages!) {
        const item = this.parse(message.seq, message.data);
        this.last = message.seq;
        if (item) for (const listener of this.listeners) listener(item);
      }
    })();
  }

  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop;
  }

  /** How many subscriptions have started listening since this feed started (it only grows). */
  get listenersStarted(): number {
    return this.started;
  }

  /** Subscriptions listening now. */
  get listening(): number {
    return this.listeners.size;
  }

  /** The stream sequence of the newest change fanned out. */
  get lastSeq(): number {
    return this.last;
  }

  listen(listener: (item: TicketEvent) => void): () => void {
    this.started += 1;
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many ticket events a board that last saw `afterSeq` has missed. */
  async missedSince(afterSeq: number): Promise<number> {
    const consumer = await this.nc.jetstream().consumers.get(STREAM, { filterSubjects: TICKET_SUBJECTS, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: afterSeq + 1 });
    return (await consumer.info(true)).num_pending;
  }

  /** The ticket events after `afterSeq` up to the stream's end at the time of the call. */
  async *replay(afterSeq: number): AsyncGenerator<TicketEvent> {
    const js = this.nc.jetstream();
    const consumer = await js.consumers.get(STREAM, { filterSubjects: TICKET_SUBJECTS, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: afterSeq + 1 });
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
      return { seq, cursor: encodeChangeCursor(seq), event: parseEnvelope(data) };
    } catch (error) {
      this.logger.warn({ err: error, seq }, 'skipping an invalid ticket event');
      return null;
    }
  }
}
