import { DEFAULT_EVENT_NAMESPACE, EVENT_NAMESPACE_PATTERN } from '@pm/runtime';
import { type JetStreamManager, RetentionPolicy, StorageType } from 'nats';

/** How long JetStream remembers message ids to drop duplicate publishes. */
export const DUPLICATE_WINDOW_NS = 2 * 60 * 1_000_000_000;


const CATALOGUED = `${DEFAULT_EVENT_NAMESPACE}.`;

/**
 * Where one stack's events live on a NATS server: subjects `<namespace>.…` on a stream of its own,
 * `<NAMESPACE>_EVENTS`. The catalogue and the outbox name subjects in the platform's namespace
 * (`pm.tickets.ticket.opened`); a stack with another namespace publishes and reads each as
 * `<namespace>.tickets.ticket.opened`. Stacks sharing one server (every test suite, a benchmark
 * beside `npm start`) so never handle, wait behind or replay each other's events.
 */
export class EventSpace {
  /** The stream every event of this space goes to. */
  readonly stream: string;
  /** The stream's subjects. */
  readonly subjects: string[];

  constructor(readonly namespace: string = DEFAULT_EVENT_NAMESPACE) {
    if (!EVENT_NAMESPACE_PATTERN.test(namespace)) throw new Error(`event namespace "${namespace}" must match ${EVENT_NAMESPACE_PATTERN}`);
    this.stream = `${namespace.toUpperCase()}_EVENTS`;
    this.subjects = [`${namespace}.>`];
  }

  /** A catalogued subject (or filter, `pm.tickets.>`) as this space publishes it. */
  subject(catalogued: string): string {
    if (!catalogued.startsWith(CATALOGUED)) throw new Error(`"${catalogued}" is not a catalogued subject (${CATALOGUED}…)`);
    return this.namespace === DEFAULT_EVENT_NAMESPACE ? catalogued : `${this.namespace}.${catalogued.slice(CATALOGUED.length)}`;
  }

  /**
   * Creates the stream if missing (several services may race to do it) with `replicas` copies (3 on
   * a 3-node JetStream cluster); an existing stream with fewer copies is raised to `replicas`, never lowered.
   */
  async ensureStream(jsm: JetStreamManager, replicas = 1): Promise<void> {
    const existing = await jsm.streams.info(this.stream).catch(() => undefined);
    if (existing) {
      if ((existing.config.num_replicas ?? 1) < replicas) await jsm.streams.update(this.stream, { ...existing.config, num_replicas: replicas });
      return;
    }
    try {
      await jsm.streams.add({
        name: this.stream, subjects: this.subjects, retention: RetentionPolicy.Limits, storage: StorageType.File, duplicate_window: DUPLICATE_WINDOW_NS, num_replicas: replicas,
      });
    } catch (error) {
      if (!/already in use|already exists/i.test(String(error))) throw error;
    }
  }

  /** Deletes the stream and every consumer on it; whether there was one. */
  async deleteStream(jsm: JetStreamManager): Promise<boolean> {
    try {
      return await jsm.streams.delete(this.stream);
    } catch (error) {
      if (/stream not found/i.test(String(error))) return false;
      throw error;
    }
  }
}
