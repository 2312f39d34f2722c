import { Events } from '@pm/events';
import { defineHandler } from '@pm/subgraph';

import { ResidentDirectoryEntry } from './resident-directory.entity';

/** residents.resident.registered → tickets learns the resident's unit and property. */
export const residentRegisteredHandler = defineHandler(Events.residentRegistered, async (em, { residentId, unitId, propertyId }) => {
  await em.upsert(ResidentDirectoryEntry, { residentId, unitId, propertyId });
});
