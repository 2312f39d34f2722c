import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '@pm/db';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** Identity papers checked at hand-over (验证身份). */
export enum IdentityDocument {
  ID_CARD = 'ID_CARD',
  PURCHASE_CONTRACT = 'PURCHASE_CONTRACT',
  MOVE_IN_NOTICE = 'MOVE_IN_NOTICE',
}
registerEnumType(IdentityDocument, { name: 'IdentityDocument', description: '身份证 / 购房合同 / 入伙通知书' });

/** Documents the owner signs at hand-over. */
export enum HandoverDocument {
  HOUSEHOLD_REGISTER = 'HOUSEHOLD_REGISTER',
  BANK_COLLECTION_AGREEMENT = 'BANK_COLLECTION_AGREEMENT',
  FIRE_SAFETY_AGREEMENT = 'FIRE_SAFETY_AGREEMENT',
  KEY_RECEIPT = 'KEY_RECEIPT',
}
registerEnumType(HandoverDocument, { name: 'HandoverDocument', description: '住户登记表 / 银行托收协议 / 消防安全协议 / 钥匙签收单' });

@ObjectType()
export class MeterReadings {
  @Field(() => Float) water: number;
  @Field(() => Float) electricity: number;
  @Field(() => Float, { nullable: true }) gas: number | null;
}

/** 入伙: the hand-over of a unit to its owner after the joint inspection (验房), accepted or not. */
@Entity({ tableName: 'handover' })
@Index({ properties: ['unitId', 'at'] })
@Index({ properties: ['propertyId', 'at'] })
@ObjectType('Handover', { description: '入伙: the hand-over of a unit after the joint inspection' })
export class Handover {
  [OptionalProps]?: 'ownerId' | 'refusalReason' | 'gasReading' | 'electricityFloatFen' | 'waterFloatFen';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @Property({ type: 'uuid' })
  unitId: string;

  @Property({ type: 'uuid' })
  propertyId: string;

  /** The owner registered by an accepted hand-over. */
  @Property({ type: 'uuid', nullable: true })
  ownerId: string | null = null;

  @Property({ type: 'boolean' })
  @Field({ description: 'false: the owner did not accept the unit; it stays NOT_HANDED_OVER' })
  accepted: boolean;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  refusalReason: string | null = null;

  @Property({ type: 'text[]' })
  @Field(() => [IdentityDocument])
  identityChecked: IdentityDocument[];

  @Property({ type: 'int' })
  @Field(() => Int, { description: 'Months of management fee collected in advance' })
  prepaidMonths: number;

  @Property({ type: 'int' })
  @Field(() => Int)
  managementFeeFen: number;

  @Property({ type: 'int', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Offices: electricity float (电费周转金)' })
  electricityFloatFen: number | null = null;

  @Property({ type: 'int', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Serviced apartments: water float (水费周转金)' })
  waterFloatFen: number | null = null;

  @Property({ type: 'text[]' })
  @Field(() => [HandoverDocument])
  documentsSigned: HandoverDocument[];

  @Property({ type: 'int' })
  @Field(() => Int)
  keysIssued: number;

  @Property({ type: 'double' })
  waterReading: number;

  @Property({ type: 'double' })
  electricityReading: number;

  @Property({ type: 'double', nullable: true })
  gasReading: number | null = null;

  @Property({ type: 'string' })
  @Field({ description: 'Who handed over' })
  by: string;

  @Property({ type: 'timestamptz' })
  @Field(() => Date)
  /** From the service's clock. */
  at: Date;
}

/** A defect found at the joint inspection; tickets opens a repair for each. */
@Entity({ tableName: 'handover_defect' })
@Index({ properties: ['handoverId'] })
@ObjectType('HandoverDefect')
export class HandoverDefect {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @Property({ type: 'uuid' })
  handoverId: string;

  @Property({ type: 'text' })
  @Field()
  description: string;

  @Property({ type: 'boolean' })
  @Field({ description: 'Large defects are repaired within 7 days, small ones the same day' })
  large: boolean;
}
