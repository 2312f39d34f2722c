import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** An event a consumer has handled; written in the same transaction as the handler's effect. */
@Entity({ tableName: 'inbox' })
export class InboxMessage {
  [OptionalProps]?: 'handledAt';

  @PrimaryKey({ type: 'uuid' })
  eventId: string;

  @PrimaryKey()
  consumer: string;

  @Property()
  type: string;

  @Property({ type: 'timestamptz' })
  handledAt: Date = new Date();
}
