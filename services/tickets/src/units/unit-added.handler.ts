import { Events } from '@pm/events';
import { defineHandler } from '@pm/subgraph';

import { UnitDirectoryEntry } from './unit-directory.entity';

/** residents.unit.added → tickets learns the unit's property. */
export const unitAddedHandler = defineHandler(Events.unitAdded, async (em, { unitId, propertyId, code }) => {
  await em.upsert(UnitDirectoryEntry, { unitId, propertyId, code });
});
