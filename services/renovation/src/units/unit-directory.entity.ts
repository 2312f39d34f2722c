import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** Renovation's own copy of each unit (property, building, usage, current occupancy), fed by residents' unit events. */
@Entity({ tableName: 'unit_directory' })
export class UnitDirectoryEntry {
  @PrimaryKey({ type: 'uuid' })
  unitId: string;

  @Property({ type: 'uuid', index: true })
  propertyId: string;

  @Property({ type: 'uuid', nullable: true })
  buildingId: string | null = null;

  @Property()
  code: string;

  @Property()
  usage: string;

  /** 房屋动态 as residents last announced it (null for units learnt before it was kept). */
  @Property({ type: 'string', nullable: true })
  occupancy: string | null = null;
}

/** Each property's kind (RESIDENTIAL, OFFICE, SERVICED_APARTMENT, MIXED), from residents' property events. */
@Entity({ tableName: 'property_directory' })
export class PropertyDirectoryEntry {
  @PrimaryKey({ type: 'uuid' })
  propertyId: string;

  @Property()
  kind: string;
}
