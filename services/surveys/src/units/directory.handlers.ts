import { Events } from '@pm/events';
import { defineHandler } from '@pm/subgraph';

import { ResidentDirectoryEntry, UnitDirectoryEntry } from './directory.entity';

/** residents.unit.added → the unit and its occupancy. */
export const unitAddedHandler = defineHandler(Events.unitAdded, async (em, { unitId, propertyId, code, occupancy }) => {
  await em.upsert(UnitDirectoryEntry, { unitId, propertyId, code, occupancy });
});

/** residents.unit.occupancy_changed → who counts as occupied now. */
export const occupancyChangedHandler = defineHandler(Events.unitOccupancyChanged, async (em, { unitId, to }) => {
  await em.nativeUpdate(UnitDirectoryEntry, { unitId }, { occupancy: to });
});

export const residentRegisteredHandler = defineHandler(Events.residentRegistered, async (em, { residentId, unitId, propertyId, active }) => {
  await em.upsert(ResidentDirectoryEntry, { residentId, unitId, propertyId, active });
});

export const residentMovedOutHandler = defineHandler(Events.residentMovedOut, async (em, { residentId }) => {
  await em.nativeUpdate(ResidentDirectoryEntry, { residentId }, { active: false });
});
