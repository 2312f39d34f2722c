import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** Occupancy statuses that count as an occupied unit (surveys are distributed to them; visits measured against them). */
export const OCCUPIED = ['OWNER_OCCUPIED', 'OFFICE_OCCUPIED', 'RENTED'];

/** Surveys' own copy of each unit and its current occupancy, fed by residents' unit events. */
@Entity({ tableName: 'unit_directory' })
@Index({ properties: ['propertyId', 'occupancy'] })
export class UnitDirectoryEntry {
  @PrimaryKey({ type: 'uuid' })
  unitId: string;

  @Property({ type: 'uuid' })
  propertyId: string;

  @Property()
  code: string;

  @Property()
  occupancy: string;
}

/** Who lives where, fed by residents' events: a visited resident is of the visited unit. */
@Entity({ tableName: 'resident_directory' })
export class ResidentDirectoryEntry {
  @PrimaryKey({ type: 'uuid' })
  residentId: string;

  @Property({ type: 'uuid', index: true })
  unitId: string;

  @Property({ type: 'uuid' })
  propertyId: string;

  @Property()
  active: boolean;
}
