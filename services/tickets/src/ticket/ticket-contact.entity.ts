import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '@pm/db';
import { Field, ID, ObjectType } from 'type-graphql';

/** The access log of tickets' personal data: every unmasked read of a caller's contact phone. */
@Entity({ tableName: 'ticket_pii_access' })
@Index({ properties: ['propertyId', 'at', 'id'] })
@ObjectType('TicketPiiAccess', { description: 'One unmasked read of a ticket’s contact phone: who, when, which ticket' })
export class TicketPiiAccess {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @Property({ type: 'uuid' })
  @Field(() => ID)
  ticketId: string;

  @Property({ type: 'uuid' })
  propertyId: string;

  @Property()
  @Field({ description: "The reader's user id" })
  accessorId: string;

  @Property()
  @Field()
  accessorName: string;

  @Property({ type: 'timestamptz' })
  @Field(() => Date)
  at: Date;
}
