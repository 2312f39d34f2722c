import { type EntityManager } from '@mikro-orm/postgresql';
import { type EventDefinition, type EventEnvelope, type PayloadOf } from '@pm/events';

import { type ServiceEventHandler, type ServiceRuntime } from './service';

/** What a handler gets besides its payload: the whole envelope (id, actor, time) and the service runtime. */
export interface HandlerContext<S> extends ServiceRuntime<S> {
  event: EventEnvelope;
  /** When the consumer received the event (real time, as its `occurredAt`). */
  receivedAt: Date;
}

/** A handler of one catalogue event, as a service lists it in `consumes`. */
export interface DefinedHandler<S = unknown> {
  type: string;
  subject: string;
  handle: ServiceEventHandler<S>;
  /** Whether an event concerns this handler at all; one that does not is acknowledged without a transaction. */
  when?: (event: EventEnvelope) => boolean;
}

/**
 * Declares the handler of one event of the catalogue, typed by it: `defineHandler(Events.unitAdded,
 * (em, payload, ctx) => …)` receives `payload` as the catalogue's schema parsed it (the consumer
 * validates every event before it reaches a handler) and runs in the consumer's transaction.
 */
export function defineHandler<D extends EventDefinition, S = unknown>(
  definition: D,
  handle: (em: EntityManager, payload: PayloadOf<D>, ctx: HandlerContext<S>) => Promise<void>,
  options: {
    /**
     * Only the events whose payload passes: the others are acknowledged at once, with no
     * transaction and no inbox row (they have no effect to keep from repeating). For a handler
     * that acts on few of a busy subject's events, e.g. rectification tickets among all tickets.
     */
    when?: (payload: PayloadOf<D>) => boolean;
  } = {},
): DefinedHandler<S> {
  const { when } = options;
  return {
    type: definition.type,
    subject: definition.subject,
    handle: (em, event, runtime, delivery) => handle(em, event.payload as PayloadOf<D>, { ...runtime, event, receivedAt: delivery.receivedAt }),
    ...(when ? { when: (event: EventEnvelope) => when(event.payload as PayloadOf<D>) } : {}),
  };
}
