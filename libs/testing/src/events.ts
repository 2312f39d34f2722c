import { createEnvelope, type EventDefinition, type EventEnvelope, EventSpace, parseEnvelope, type PayloadOf } from '@pm/events';
import { AckPolicy, connect, DeliverPolicy } from 'nats';

import { testInfrastructure, testNamespace } from './environment';

let fileSpace: EventSpace | undefined;

/** This test file's events on the test NATS: the namespace its services and gateway are given. */
export function testEventSpace(): EventSpace {
  fileSpace ??= new EventSpace(testNamespace());
  return fileSpace;
}

/**
 * The first event on `subject` (catalogued: `pm.tickets.ticket.opened`) published since `since` that
 * satisfies `match`, read from this test file's stream; fails after `timeoutMs`.
 */
export async function waitForEvent(subject: string, since: Date, match: (event: EventEnvelope) => boolean, timeoutMs = 10_000): Promise<EventEnvelope> {
  const nc = await connect({ servers: testInfrastructure().natsUrl });
  const deadline = Date.now() + timeoutMs;
  const space = testEventSpace();
  try {
    const jsm = await nc.jetstreamManager();
    while (Date.now() < deadline) {
      const consumer = await jsm.consumers
        .add(space.stream, { ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.StartTime, opt_start_time: since.toISOString(), filter_subject: space.subject(subject), inactive_threshold: 5_000_000_000 })
        .catch(() => undefined);
      if (consumer) {
        const messages = await (await nc.jetstream().consumers.get(space.stream, consumer.name)).fetch({ max_messages: 1000, expires: 1000 });
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

/** Publishes an event to this test file's stream as its owning service's relay would (for a consumer under test). */
export async function publishTestEvent<D extends EventDefinition>(definition: D, payload: PayloadOf<D>, aggregateId: string): Promise<EventEnvelope> {
  const envelope = createEnvelope(definition, payload, { aggregateId, actor: 'test' });
  const nc = await connect({ servers: testInfrastructure().natsUrl });
  try {
    const space = testEventSpace();
    await space.ensureStream(await nc.jetstreamManager());
    await nc.jetstream().publish(space.subject(definition.subject), JSON.stringify(envelope), { msgID: envelope.id });
  } finally {
    await nc.close();
  }
  return envelope;
}
