import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '@pm/db';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum CarrierRelation {
  OWNER = 'OWNER',
  TENANT = 'TENANT',
  FAMILY = 'FAMILY',
  NANNY = 'NANNY',
  DECORATOR = 'DECORATOR',
  STAFF = 'STAFF',
}
registerEnumType(CarrierRelation, { name: 'CarrierRelation', description: '业主 / 租户 / 家属 / 保姆 / 装修人员 / 员工' });

export enum ReleaseReason {
  MOVE_OUT = 'MOVE_OUT',
  TEMPORARY = 'TEMPORARY',
}
registerEnumType(ReleaseReason, { name: 'ReleaseReason' });

export enum ConfirmationMethod {
  SIGNATURE = 'SIGNATURE',
  PHONE = 'PHONE',
}
registerEnumType(ConfirmationMethod, { name: 'ConfirmationMethod' });

@ObjectType()
export class ReleasedItem {
  @Field() name: string;
  @Field(() => Int) quantity: number;
}

@ObjectType({ description: "The owner's (or contractor's responsible person's) confirmation of a pass" })
export class OwnerConfirmation {
  @Field(() => ConfirmationMethod) method: ConfirmationMethod;
  @Field(() => Date) at: Date;
  @Field(() => String, { nullable: true, description: 'Who confirmed, if not the owner (e.g. the contractor\'s responsible person)' }) confirmedBy: string | null;
}

/** 物品放行条: goods leaving the property, in two copies (archive and the guard's). */
@Entity({ tableName: 'item_release_pass' })
@Index({ properties: ['unitId', 'issuedAt'] })
@Index({ properties: ['propertyId', 'issuedAt'] })
@ObjectType('ItemReleasePass', { description: '物品放行条: goods leaving the property' })
export class ItemReleasePass {
  [OptionalProps]?: 'confirmationMethod' | 'confirmedAt' | 'confirmedBy' | 'usedAt' | 'checkedBy' | 'carrierSignature' | 'movingOutResidentId';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @Property({ unique: true })
  @Field()
  number: string;

  @Property({ type: 'uuid' })
  unitId: string;

  @Property({ type: 'uuid' })
  propertyId: string;

  @Property()
  @Field()
  carrierName: string;

  @Enum({ items: () => CarrierRelation, nativeEnumName: 'carrier_relation' })
  @Field(() => CarrierRelation)
  carrierRelation: CarrierRelation;

  @Enum({ items: () => ReleaseReason, nativeEnumName: 'release_reason' })
  @Field(() => ReleaseReason)
  reason: ReleaseReason;

  @Property({ type: 'json' })
  @Field(() => [ReleasedItem])
  items: ReleasedItem[];

  @Property({ type: 'boolean' })
  @Field()
  feesSettled: boolean;

  /** MOVE_OUT: the resident whose registered move-out this pass lets the goods out for. */
  @Property({ type: 'uuid', nullable: true })
  movingOutResidentId: string | null = null;

  @Enum({ items: () => ConfirmationMethod, nativeEnumName: 'confirmation_method', nullable: true })
  confirmationMethod: ConfirmationMethod | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null = null;

  @Property({ type: 'string', nullable: true })
  confirmedBy: string | null = null;

  @Property({ type: 'string' })
  @Field({ description: 'Who issued it' })
  issuedBy: string;

  @Property({ type: 'timestamptz' })
  @Field(() => Date)
  /** From the service's clock. */
  issuedAt: Date;

  @Property({ type: 'timestamptz' })
  @Field(() => Date, { description: 'The gate lets the goods out until then' })
  validUntil: Date;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the gate checked the goods out (a pass is used once)' })
  usedAt: Date | null = null;

  @Property({ type: 'string', nullable: true })
  @Field(() => String, { nullable: true, description: 'The guard who checked it' })
  checkedBy: string | null = null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: "The carrier's signature at the gate (their name as signed, or a reference to the signed copy)" })
  carrierSignature: string | null = null;
}
