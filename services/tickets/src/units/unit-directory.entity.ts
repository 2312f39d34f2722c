import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** Tickets' own copy of each unit's property and code, fed by residents' unit events. */
@Entity({ tableName: 'unit_directory' })
export class UnitDirectoryEntry {
  @PrimaryKey({ type: 'uuid' })
  unitId: string;

  @Property({ type: 'uuid', index: true })
  propertyId: string;

  @Property()
  code: string;
}
