import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Parking's own copy of who lives where, fed by residents' events (never by reading their tables):
 * enough to check that a lease holder is an active owner or tenant of the unit.
 */
@Entity({ tableName: 'unit_resident' })
@Index({ properties: ['unitId', 'active'] })
export class UnitResident {
  @PrimaryKey({ type: 'uuid' })
  residentId: string;

  @Property({ type: 'uuid' })
  unitId: string;

  @Property({ type: 'uuid' })
  propertyId: string;

  @Property()
  kind: string;

  @Property()
  active: boolean;

  @Property({ type: 'timestamptz' })
  /** When the event it reflects happened. */
  updatedAt: Date;
}
