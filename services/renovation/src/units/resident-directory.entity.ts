import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** Renovation's own copy of who lives where, fed by residents' events: an applicant belongs to the unit and is still a resident. */
@Entity({ tableName: 'resident_directory' })
export class ResidentDirectoryEntry {
  @PrimaryKey({ type: 'uuid' })
  residentId: string;

  @Property({ type: 'uuid', index: true })
  unitId: string;

  @Property({ type: 'uuid' })
  propertyId: string;

  /** OWNER, TENANT, HOUSEHOLD_MEMBER or COMPANY. */
  @Property()
  kind: string;

  @Property({ default: true })
  active: boolean = true;
}
