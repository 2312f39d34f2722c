import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { newId } from '@pm/db';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

import { LeaseTerm, SpaceKind } from '../lease/lease.enums';

/** A car park of a property; its capacity is the number of its spaces in service. */
@Entity({ tableName: 'parking_lot' })
@Index({ properties: ['propertyId'] })
@ObjectType('ParkingLot')
@Directive('@key(fields: "id")')
export class ParkingLot {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @Property({ type: 'uuid' })
  propertyId: string;

  @Property()
  @Field()
  name: string;

  @Property({ type: 'timestamptz' })
  /** From the service's clock. */
  createdAt: Date;
}

/** One numbered space, of a kind, in service or not. */
@Entity({ tableName: 'parking_space' })
@Unique({ name: 'parking_space_lot_id_code_unique', properties: ['lot', 'code'] })
@ObjectType('ParkingSpace')
export class ParkingSpace {
  [OptionalProps]?: 'kind' | 'inService' | 'outOfServiceReason';

  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @ManyToOne(() => ParkingLot, { deleteRule: 'cascade' })
  lot: ParkingLot;

  @Property()
  @Field()
  code: string;

  @Enum({ items: () => SpaceKind, nativeEnumName: 'parking_space_kind', default: SpaceKind.STANDARD })
  @Field(() => SpaceKind)
  kind: SpaceKind = SpaceKind.STANDARD;

  @Property({ default: true })
  @Field()
  inService: boolean = true;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Why it is out of service' })
  outOfServiceReason: string | null = null;
}

/** A lot's rent for a term (price list), fen; without one the company standard applies. */
@Entity({ tableName: 'parking_price' })
@ObjectType('ParkingPrice')
export class ParkingPrice {
  @ManyToOne(() => ParkingLot, { primary: true, deleteRule: 'cascade' })
  lot: ParkingLot;

  @Enum({ items: () => LeaseTerm, nativeEnumName: 'lease_term', primary: true })
  @Field(() => LeaseTerm)
  term: LeaseTerm;

  @Property()
  @Field(() => Int)
  amountFen: number;
}
