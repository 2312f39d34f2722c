import { createEnvelope, type EventDefinition, type EventEnvelope, parseEnvelope, type PayloadOf, STREAM } from '@pm/events';
import { AckPolicy, connect, DeliverPolicy } from 'nats';

import { testInfrastructure } from './environment';

/**
 * The first event on `subject` published since `since` that satisfies `match`, read from the
 * PM_EVENTS stream of the test NATS; fails after `timeoutMs`.
 */
export async function waitForEvent(subject: string, since: Date, match: (event: EventEnvelope) => boolean, timeoutMs = 10_000): Promise<EventEnvelope> {
  const nc = await connect({ servers: testInfrastructure().natsUrl });
  const deadline = Date.now() + timeoutMs;
  try {
    const jsm = await nc.jetstreamManager();
    while (Date.now() < deadline) {
      const consumer = await jsm.consumers
        .add(STREAM, { ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.StartTime, opt_start_time: since.toISOString(), filter_subject: subject, inactive_threshold: 5_000_000_000 })
        .catch(() => undefined);
      if (consumer) {
        const messages = await (await nc.jetstream().consumers.get(STREAM, consumer.name)).fetch({ max_messages: 1000, expires: 1000 });
        for await (const message of messages) {
          const event = parseEnvelope(message.data);
          if (match(event)) return event;
        }
      } else await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`no ${subject} event matched within ${timeoutMs} ms`);
  } finally {
    await nc.close();
  }
}

/** Retries `check` until it stops throwing, or rethrows its last failure after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}

/** Publishes an event to PM_EVENTS as its owning service's relay would (for a consumer under test). */
export async function publishTestEvent<D extends EventDefinition>(definition: D, payload: PayloadOf<D>, aggregateId: string): Promise<EventEnvelope> {
  const envelope = createEnvelope(definition, payload, { aggregateId, actor: 'test' });
  const nc = await connect({ servers: testInfrastructure().natsUrl });
  try {
    await nc.jetstream().publish(definition.subject, JSON.stringify(envelope), { msgID: envelope.id });
  } finally {
    await nc.close();
  }
  return envelope;
}
