import { Events } from '@pm/events';
import { defineHandler } from '@pm/subgraph';

import { RenovationApplication } from '../application/application.entity';
import { UnitDirectoryEntry } from './unit-directory.entity';

/** residents.unit.added → renovation learns the unit's property (and gives it to applications filed before it knew). */
export const unitAddedHandler = defineHandler(Events.unitAdded, async (em, { unitId, propertyId, code, usage }) => {
  await em.upsert(UnitDirectoryEntry, { unitId, propertyId, code, usage });
  await em.nativeUpdate(RenovationApplication, { unitId, propertyId: null }, { propertyId });
});
