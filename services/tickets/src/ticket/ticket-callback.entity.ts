import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '@pm/db';
import { Field, ObjectType } from 'type-graphql';

import { Satisfaction, TicketKind } from './ticket.enums';

/**
 * One callback (回访) of a resolved ticket. A ticket reopened by a DISSATISFIED callback is called
 * back again after its next resolution, so a ticket may have several; reports count them all.
 */
@Entity({ tableName: 'ticket_callback' })
@Index({ properties: ['ticketId', 'at'] })
@Index({ properties: ['propertyId', 'at'] })
@ObjectType('Callback', { description: '回访: was it fixed, how satisfied, anything else' })
export class TicketCallback {
  [OptionalProps]?: 'comment' | 'late';

  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  ticketId: string;

  @Property({ type: 'uuid' })
  propertyId: string;

  @Enum({ items: () => TicketKind, nativeEnumName: 'ticket_kind' })
  kind: TicketKind;

  @Property({ type: 'timestamptz' })
  @Field(() => Date)
  /** From the service's clock, set by the use case that records it. */
  at: Date;

  @Property({ type: 'string' })
  @Field()
  by: string;

  @Property({ type: 'boolean' })
  @Field({ description: 'Was it fixed?' })
  resolved: boolean;

  @Enum({ items: () => Satisfaction, nativeEnumName: 'satisfaction' })
  @Field(() => Satisfaction)
  satisfaction: Satisfaction;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  comment: string | null = null;

  /** Made after the callback deadline (the CALLBACK breach was published when it passed). */
  @Property({ type: 'boolean' })
  @Field({ description: 'Made after the callback deadline' })
  late: boolean = false;
}
