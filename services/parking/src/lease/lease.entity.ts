import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '@pm/db';
import { DateScalar } from '@pm/graphql';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

import { ParkingLot } from '../lot/lot.entity';
import { LeaseTerm, ParkingLeaseStatus } from './lease.enums';

/** A monthly-parking lease (月租) of one household's vehicle. */
@Entity({ tableName: 'parking_lease' })
@Index({ properties: ['lot', 'status', 'createdAt', 'id'] })
@Index({ properties: ['unitId', 'status'] })
@Index({ properties: ['holderId', 'status'] })
@Index({ properties: ['propertyId', 'plate'] })
@Index({ properties: ['status', 'offerExpiresAt'] })
@Index({ properties: ['status', 'endsOn'] })
@Index({ name: 'parking_lease_one_live_per_unit', expression: `create unique index "parking_lease_one_live_per_unit" on "parking_lease" ("unit_id") where "status" in ('WAITLISTED', 'PENDING_PAYMENT', 'ACTIVE')` })
@Index({ name: 'parking_lease_one_live_per_plate', expression: `create unique index "parking_lease_one_live_per_plate" on "parking_lease" ("property_id", "plate") where "status" in ('WAITLISTED', 'PENDING_PAYMENT', 'ACTIVE')` })
@ObjectType('ParkingLease')
@Directive('@key(fields: "id")')
export class ParkingLease {
  [OptionalProps]?: 'status' | 'spaceCode' | 'vehicleModel' | 'startsOn' | 'endsOn' | 'passCardNo' | 'terminatedAt' | 'terminationReason' | 'offerExpiresAt' | 'reminderSentFor' | 'licenceHolderId';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @Property({ unique: true })
  @Field()
  number: string;

  @ManyToOne(() => ParkingLot)
  lot: ParkingLot;

  /** The lot's property (for the access policy without loading the lot). */
  @Property({ type: 'uuid' })
  propertyId: string;

  @Property({ nullable: true })
  @Field(() => String, { nullable: true })
  spaceCode: string | null = null;

  @Property({ type: 'uuid' })
  unitId: string;

  @Property({ type: 'uuid' })
  holderId: string;

  @Property()
  @Field()
  plate: string;

  @Property({ nullable: true })
  @Field(() => String, { nullable: true })
  vehicleModel: string | null = null;

  /** The name on the driving licence: the holder or a household member. */
  @Property()
  @Field({ description: 'The name on the driving licence' })
  drivingLicenseHolder: string;

  @Enum({ items: () => LeaseTerm, nativeEnumName: 'lease_term' })
  @Field(() => LeaseTerm)
  term: LeaseTerm;

  @Enum({ items: () => ParkingLeaseStatus, nativeEnumName: 'parking_lease_status' })
  @Field(() => ParkingLeaseStatus)
  status: ParkingLeaseStatus = ParkingLeaseStatus.PENDING_PAYMENT;

  @Property({ type: 'date', nullable: true })
  @Field(() => DateScalar, { nullable: true })
  startsOn: string | null = null;

  @Property({ type: 'date', nullable: true })
  @Field(() => DateScalar, { nullable: true })
  endsOn: string | null = null;

  @Property({ nullable: true })
  @Field(() => String, { nullable: true })
  passCardNo: string | null = null;

  /** A held space must be paid for by then, or it passes to the next household. */
  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'PENDING_PAYMENT: pay by then, or the space passes to the next household' })
  offerExpiresAt: Date | null = null;

  /** The end date the expiry reminder went out for (once per term). */
  @Property({ type: 'date', nullable: true })
  reminderSentFor: string | null = null;

  /** The resident the driving licence names, when the desk recorded who (the holder or a household member). */
  @Property({ type: 'uuid', nullable: true })
  licenceHolderId: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true })
  terminatedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  terminationReason: string | null = null;

  @Property({ type: 'timestamptz' })
  /** From the service's clock. */
  createdAt: Date;
}

/** 月租办理记录: one payment of rent, new or renewal, with the period it covers. */
@Entity({ tableName: 'parking_payment' })
@Index({ properties: ['propertyId', 'paidAt'] })
@Index({ properties: ['leaseId'] })
@ObjectType('ParkingPayment')
export class ParkingPayment {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @Property({ type: 'uuid' })
  leaseId: string;

  @Property({ type: 'uuid' })
  propertyId: string;

  @Property({ type: 'uuid' })
  lotId: string;

  @Property({ unique: 'parking_payment_receipt_no_unique' })
  @Field()
  receiptNo: string;

  @Property()
  @Field(() => Int)
  amountFen: number;

  @Enum({ items: () => LeaseTerm, nativeEnumName: 'lease_term' })
  @Field(() => LeaseTerm)
  term: LeaseTerm;

  @Property({ type: 'date' })
  @Field(() => DateScalar)
  periodStart: string;

  @Property({ type: 'date' })
  @Field(() => DateScalar)
  periodEnd: string;

  @Property()
  @Field({ description: 'A renewal (续费) rather than the first payment' })
  renewal: boolean;

  @Property()
  @Field()
  passCardNo: string;

  @Property()
  @Field(() => String, { description: 'Who took it' })
  by: string;

  @Property({ type: 'timestamptz' })
  @Field(() => Date)
  paidAt: Date;
}
