import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { newId } from '@pm/db';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A car park of a property; its capacity is the number of spaces in it. */
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

/** One numbered space. */
@Entity({ tableName: 'parking_space' })
@Unique({ properties: ['lot', 'code'] })
export class ParkingSpace {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @ManyToOne(() => ParkingLot, { deleteRule: 'cascade' })
  lot: ParkingLot;

  @Property()
  code: string;
}
