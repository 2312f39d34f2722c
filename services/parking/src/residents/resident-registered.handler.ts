import { type EntityManager } from '@mikro-orm/postgresql';
import { type EventEnvelope, Events, type PayloadOf } from '@pm/events';

import { UnitResident } from './unit-resident.entity';

type Registered = PayloadOf<typeof Events.residentRegistered>;

/** residents.resident.registered → the resident is (now) of that unit. Replays converge: an upsert. */
export async function onResidentRegistered(em: EntityManager, event: EventEnvelope): Promise<void> {
  const payload = event.payload as Registered;
  await em.upsert(UnitResident, {
    residentId: payload.residentId,
    unitId: payload.unitId,
    propertyId: payload.propertyId,
    kind: payload.kind,
    active: payload.active,
    updatedAt: new Date(event.occurredAt),
  });
}

export const residentRegisteredHandler = { subject: Events.residentRegistered.subject, handle: onResidentRegistered };
