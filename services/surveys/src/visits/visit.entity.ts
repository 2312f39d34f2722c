import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '@pm/db';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum VisitMethod {
  DOOR = 'DOOR',
  OFFICE = 'OFFICE',
  OUTDOOR = 'OUTDOOR',
  QUESTIONNAIRE = 'QUESTIONNAIRE',
  PHONE = 'PHONE',
}
registerEnumType(VisitMethod, { name: 'VisitMethod', description: '上门 / 来访 / 户外 / 问卷 / 电话' });

/** 业主走访: a front-desk assistant's visit to a household. */
@Entity({ tableName: 'visit' })
@Index({ properties: ['propertyId', 'visitedAt'] })
@Index({ properties: ['unitId', 'visitedAt'] })
@ObjectType('Visit')
export class Visit {
  [OptionalProps]?: 'ticketId';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @Property({ type: 'uuid' })
  propertyId: string;

  @Property({ type: 'uuid' })
  unitId: string;

  @Property({ type: 'uuid', nullable: true })
  residentId: string | null;

  @Enum({ items: () => VisitMethod, nativeEnumName: 'visit_method' })
  @Field(() => VisitMethod)
  method: VisitMethod;

  @Property({ type: 'text' })
  @Field({ description: 'What was talked about' })
  topics: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: "The resident's feedback" })
  feedback: string | null;

  @Property()
  @Field({ description: 'The resident signed the visit record (never forced)' })
  residentSigned: boolean;

  @Property()
  @Field({ description: 'The feedback needs action: a ticket was opened for it' })
  needsAction: boolean;

  /** The assistant's account id. */
  @Property()
  visitedById: string;

  @Property()
  @Field({ description: 'The assistant who visited' })
  visitedBy: string;

  @Property({ type: 'timestamptz' })
  @Field(() => Date)
  visitedAt: Date;

  @Property({ type: 'uuid', nullable: true, index: true })
  ticketId: string | null = null;
}
