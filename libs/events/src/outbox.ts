import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { type EntityManager } from '@mikro-orm/postgresql';
import { currentTraceparent } from '@pm/runtime';

import { type EventDefinition, type PayloadOf } from './catalogue';
import { createEnvelope, type EventEnvelope, type EventMeta } from './envelope';

/** An event waiting to be published: written in the same transaction as the state change. */
@Entity({ tableName: 'outbox' })
@Index({ name: 'outbox_unpublished_idx', expression: 'create index "outbox_unpublished_idx" on "outbox" ("created_at") where "published_at" is null' })
export class OutboxMessage {
  [OptionalProps]?: 'createdAt' | 'publishedAt' | 'attempts' | 'lastError';

  /** The event id, also the JetStream `Nats-Msg-Id` (the broker drops duplicates). */
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property()
  subject: string;

  @Property({ type: 'jsonb' })
  envelope: EventEnvelope;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null = null;

  @Property({ type: 'int' })
  attempts: number = 0;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;
}

/**
 * Queues an event in `em`: it is written when the caller's unit of work commits, together with the
 * state change, or not at all.
 */
export function recordEvent<D extends EventDefinition>(em: EntityManager, definition: D, payload: PayloadOf<D>, meta: EventMeta): EventEnvelope<PayloadOf<D>> {
  const message = outboxMessage(definition, payload, meta);
  em.persist(message);
  return message.envelope as EventEnvelope<PayloadOf<D>>;
}

/**
 * The outbox row of an event, not yet in any unit of work: for a write that inserts its rows itself
 * (insertRows), in the same statement as the state change. recordEvent is this, persisted.
 */
export function outboxMessage<D extends EventDefinition>(definition: D, payload: PayloadOf<D>, meta: EventMeta): OutboxMessage {
  // The request or event this change comes from: its trace goes on with the event (envelope.traceparent).
  const envelope = createEnvelope(definition, payload, meta.traceparent ? meta : { ...meta, traceparent: currentTraceparent() });
  return Object.assign(new OutboxMessage(), { id: envelope.id, subject: definition.subject, envelope });
}
