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
@ObjectType('ParkingLease')
@Directive('@key(fields: "id")')
export class ParkingLease {
  [OptionalProps]?: 'status' | 'spaceCode' | 'vehicleModel' | 'startsOn' | 'endsOn' | 'passCardNo' | 'waitlistPosition' | 'terminatedAt' | 'terminationReason';

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

  @Property({ type: 'int', nullable: true })
  @Field(() => Int, { nullable: true })
  waitlistPosition: number | null = null;

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
