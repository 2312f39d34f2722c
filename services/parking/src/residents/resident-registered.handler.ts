import { Events } from '@pm/events';
import { defineHandler } from '@pm/subgraph';

import { UnitResident } from './unit-resident.entity';

/** residents.resident.registered → the resident is (now) of that unit. Replays converge: an upsert. */
export const residentRegisteredHandler = defineHandler(Events.residentRegistered, async (em, payload, { event }) => {
  await em.upsert(UnitResident, {
    residentId: payload.residentId,
    unitId: payload.unitId,
    propertyId: payload.propertyId,
    kind: payload.kind,
    active: payload.active,
    updatedAt: new Date(event.occurredAt),
  });
});
