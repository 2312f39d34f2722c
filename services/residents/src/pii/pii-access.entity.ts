import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '@pm/db';
import { Field, ID, ObjectType } from 'type-graphql';

/** The access log of personal data: every unmasked read of a resident's phone or ID number. */
@Entity({ tableName: 'pii_access' })
@Index({ properties: ['propertyId', 'at', 'id'] })
@Index({ properties: ['residentId', 'at'] })
@ObjectType('PiiAccess', { description: 'One unmasked read of personal data: who, when, which resident, why' })
export class PiiAccess {
  [OptionalProps]?: 'reason';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @Property({ type: 'uuid' })
  @Field(() => ID)
  residentId: string;

  @Property({ type: 'uuid' })
  propertyId: string;

  @Property({ type: 'string' })
  @Field({ description: "The reader's user id" })
  accessorId: string;

  @Property({ type: 'string' })
  @Field()
  accessorName: string;

  @Property({ type: 'text[]' })
  @Field(() => [String], { description: 'phone, idNumber' })
  fields: string[];

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'The stated reason (revealResidentPii); null for a read in an ordinary query' })
  reason: string | null = null;

  @Property({ type: 'string' })
  @Field({ description: 'REVEAL (revealResidentPii), QUERY (an ordinary read by a project manager) or UPDATE (updateResidentContact: the fields changed)' })
  via: string;

  @Property({ type: 'timestamptz' })
  @Field(() => Date)
  /** From the service's clock. */
  at: Date;
}
