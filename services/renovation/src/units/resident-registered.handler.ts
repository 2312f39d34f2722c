import { Events } from '@pm/events';
import { defineHandler } from '@pm/subgraph';

import { ResidentDirectoryEntry } from './resident-directory.entity';

/** residents.resident.registered → renovation learns who lives where (an applicant must be of the unit's property). */
export const residentRegisteredHandler = defineHandler(Events.residentRegistered, async (em, { residentId, unitId, propertyId, kind }) => {
  await em.upsert(ResidentDirectoryEntry, { residentId, unitId, propertyId, kind });
});
