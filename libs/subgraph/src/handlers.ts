import { type EntityManager } from '@mikro-orm/postgresql';
import { type EventDefinition, type EventEnvelope, type PayloadOf } from '@pm/events';

import { type ServiceEventHandler, type ServiceRuntime } from './service';

/** What a handler gets besides its payload: the whole envelope (id, actor, time) and the service runtime. */
export interface HandlerContext<S> extends ServiceRuntime<S> {
  event: EventEnvelope;
}

/** A handler of one catalogue event, as a service lists it in `consumes`. */
export interface DefinedHandler<S = unknown> {
  type: string;
  subject: string;
  handle: ServiceEventHandler<S>;
}

/**
 * Declares the handler of one event of the catalogue, typed by it: `defineHandler(Events.unitAdded,
 * (em, payload, ctx) => …)` receives `payload` as the catalogue's schema parsed it (the consumer
 * validates every event before it reaches a handler) and runs in the consumer's transaction.
 */
export function defineHandler<D extends EventDefinition, S = unknown>(
  definition: D,
  handle: (em: EntityManager, payload: PayloadOf<D>, ctx: HandlerContext<S>) => Promise<void>,
): DefinedHandler<S> {
  return {
    type: definition.type,
    subject: definition.subject,
    handle: (em, event, runtime) => handle(em, event.payload as PayloadOf<D>, { ...runtime, event }),
  };
}
