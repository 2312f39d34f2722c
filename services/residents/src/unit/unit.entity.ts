import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { newId } from '@pm/db';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

import { Building } from '../property/property.entity';

export enum UnitUsage {
  HOME = 'HOME',
  OFFICE = 'OFFICE',
  SHOP = 'SHOP',
}
registerEnumType(UnitUsage, { name: 'UnitUsage' });

/** 房屋动态: one per unit, always current. */
export enum OccupancyStatus {
  NOT_HANDED_OVER = 'NOT_HANDED_OVER',
  VACANT = 'VACANT',
  OWNER_OCCUPIED = 'OWNER_OCCUPIED',
  OFFICE_OCCUPIED = 'OFFICE_OCCUPIED',
  RENTED = 'RENTED',
  UNDER_RENOVATION = 'UNDER_RENOVATION',
}
registerEnumType(OccupancyStatus, { name: 'OccupancyStatus', description: '房屋动态' });

/** A unit (房号), e.g. 3-2-1201. */
@Entity({ tableName: 'unit' })
@Unique({ properties: ['propertyId', 'code'] })
@Index({ properties: ['propertyId', 'occupancy', 'code'] })
@Index({ properties: ['building'] })
@ObjectType('Unit', { description: 'A unit (房号)' })
@Directive('@key(fields: "id")')
export class Unit {
  [OptionalProps]?: 'occupancy';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @ManyToOne(() => Building, { deleteRule: 'cascade' })
  building: Building;

  /** Denormalised from the building so property-wide lists need no join. */
  @Property({ type: 'uuid' })
  propertyId: string;

  @Property()
  @Field()
  code: string;

  @Property()
  @Field(() => Int)
  floor: number;

  @Enum({ items: () => UnitUsage, nativeEnumName: 'unit_usage' })
  @Field(() => UnitUsage)
  usage: UnitUsage;

  @Enum({ items: () => OccupancyStatus, nativeEnumName: 'occupancy_status' })
  @Field(() => OccupancyStatus)
  occupancy: OccupancyStatus = OccupancyStatus.NOT_HANDED_OVER;

  @Property({ type: 'timestamptz' })
  /** From the service's clock. */
  createdAt: Date;
}
