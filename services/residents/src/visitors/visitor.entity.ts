import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '@pm/db';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** How the visitor was let in. */
export enum Admission {
  /** The host confirmed on the intercom (可视对讲确认). */
  HOST_CONFIRMED_ON_INTERCOM = 'HOST_CONFIRMED_ON_INTERCOM',
  /** A visitor pass was checked. */
  PASS_CHECKED = 'PASS_CHECKED',
  /** A staff card was shown. */
  STAFF_CARD = 'STAFF_CARD',
  /** Visitors of the property itself, approved by the duty manager (值班经理批准). */
  DUTY_MANAGER_APPROVED = 'DUTY_MANAGER_APPROVED',
}
registerEnumType(Admission, { name: 'Admission' });

/** 来人来访记录: one visit, with its host unit, purpose and how entry was approved. */
@Entity({ tableName: 'visitor_entry' })
@Index({ properties: ['propertyId', 'arrivedAt', 'id'] })
@Index({ properties: ['hostUnitId', 'arrivedAt'] })
@ObjectType('VisitorEntry', { description: '来人来访记录' })
export class VisitorEntry {
  [OptionalProps]?: 'leftAt' | 'visitors' | 'hostUnitId' | 'approvedBy';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @Property({ type: 'uuid' })
  propertyId: string;

  /** Null for visitors of the property itself (officials, tour groups), approved by the duty manager. */
  @Property({ type: 'uuid', nullable: true })
  hostUnitId: string | null = null;

  @Property({ type: 'string', nullable: true })
  @Field(() => String, { nullable: true, description: 'Visitors without a host unit: the duty manager (值班经理) who approved them' })
  approvedBy: string | null = null;

  @Property()
  @Field()
  visitorName: string;

  @Property({ type: 'int' })
  @Field(() => Int, { description: 'People in the party' })
  visitors: number = 1;

  @Property()
  @Field()
  purpose: string;

  @Enum({ items: () => Admission, nativeEnumName: 'admission' })
  @Field(() => Admission)
  admission: Admission;

  @Property()
  @Field({ description: 'The guard or desk staff who let them in' })
  admittedBy: string;

  @Property({ type: 'timestamptz' })
  @Field(() => Date)
  /** From the service's clock. */
  arrivedAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true })
  leftAt: Date | null = null;
}
