import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** Renovation's own copy of each unit's property, code and usage, fed by residents' unit events. */
@Entity({ tableName: 'unit_directory' })
export class UnitDirectoryEntry {
  @PrimaryKey({ type: 'uuid' })
  unitId: string;

  @Property({ type: 'uuid', index: true })
  propertyId: string;

  @Property()
  code: string;

  @Property()
  usage: string;
}
