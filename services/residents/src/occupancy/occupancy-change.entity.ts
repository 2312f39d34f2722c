import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '@pm/db';
import { Field, ObjectType, registerEnumType } from 'type-graphql';

import { OccupancyStatus } from '../unit/unit.entity';

/** Why a unit's occupancy changed. */
export enum OccupancyChangeReason {
  HANDOVER = 'HANDOVER',
  MOVE_IN = 'MOVE_IN',
  MOVE_OUT = 'MOVE_OUT',
  RENOVATION = 'RENOVATION',
  /** A supervisor's audited correction of the record. */
  CORRECTION = 'CORRECTION',
  IMPORT = 'IMPORT',
}
registerEnumType(OccupancyChangeReason, { name: 'OccupancyChangeReason' });

/** One change of a unit's occupancy (房屋动态): the audit trail behind the monthly report. */
@Entity({ tableName: 'occupancy_change' })
@Index({ properties: ['unitId', 'at'] })
@Index({ properties: ['propertyId', 'at'] })
@ObjectType('OccupancyChange', { description: 'A change of a unit\'s occupancy (房屋动态), with who and why' })
export class OccupancyChange {
  [OptionalProps]?: 'note';

  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  unitId: string;

  @Property({ type: 'uuid' })
  propertyId: string;

  @Property({ type: 'uuid' })
  buildingId: string;

  @Enum({ items: () => OccupancyStatus, nativeEnumName: 'occupancy_status' })
  @Field(() => OccupancyStatus)
  from: OccupancyStatus;

  @Enum({ items: () => OccupancyStatus, nativeEnumName: 'occupancy_status' })
  @Field(() => OccupancyStatus)
  to: OccupancyStatus;

  @Enum({ items: () => OccupancyChangeReason, nativeEnumName: 'occupancy_change_reason' })
  @Field(() => OccupancyChangeReason)
  reason: OccupancyChangeReason;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  note: string | null = null;

  @Property({ type: 'string' })
  @Field({ description: 'Who made the change' })
  by: string;

  @Property({ type: 'timestamptz' })
  @Field(() => Date)
  /** From the service's clock. */
  at: Date;
}
