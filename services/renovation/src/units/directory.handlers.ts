import { Events } from '@pm/events';
import { defineHandler } from '@pm/subgraph';

import { RenovationApplication } from '../application/application.entity';
import { ResidentDirectoryEntry } from './resident-directory.entity';
import { PropertyDirectoryEntry, UnitDirectoryEntry } from './unit-directory.entity';

/** residents.property.created → the property's kind (office and serviced-apartment rules differ). */
export const propertyCreatedHandler = defineHandler(Events.propertyCreated, async (em, { propertyId, kind }) => {
  await em.upsert(PropertyDirectoryEntry, { propertyId, kind });
});

/** residents.unit.added → renovation learns the unit (and gives its property to applications filed before it knew). */
export const unitAddedHandler = defineHandler(Events.unitAdded, async (em, { unitId, propertyId, buildingId, code, usage, occupancy }) => {
  await em.upsert(UnitDirectoryEntry, { unitId, propertyId, buildingId, code, usage, occupancy });
  await em.nativeUpdate(RenovationApplication, { unitId, propertyId: null }, { propertyId });
});

/** residents.unit.occupancy_changed → the unit's current occupancy (a unit not handed over cannot be renovated). */
export const occupancyChangedHandler = defineHandler(Events.unitOccupancyChanged, async (em, { unitId, to }) => {
  await em.nativeUpdate(UnitDirectoryEntry, { unitId }, { occupancy: to });
});

/** residents.resident.registered → who may apply for which unit. */
export const residentRegisteredHandler = defineHandler(Events.residentRegistered, async (em, { residentId, unitId, propertyId, kind, active }) => {
  await em.upsert(ResidentDirectoryEntry, { residentId, unitId, propertyId, kind, active });
});

/** residents.resident.moved_out → no longer applies for the unit. */
export const residentMovedOutHandler = defineHandler(Events.residentMovedOut, async (em, { residentId }) => {
  await em.nativeUpdate(ResidentDirectoryEntry, { residentId }, { active: false });
});
