import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** Tickets' own copy of where each resident lives, fed by residents' events: a reporter must belong to the ticket's property. */
@Entity({ tableName: 'resident_directory' })
export class ResidentDirectoryEntry {
  @PrimaryKey({ type: 'uuid' })
  residentId: string;

  @Property({ type: 'uuid' })
  unitId: string;

  @Property({ type: 'uuid' })
  propertyId: string;
}
