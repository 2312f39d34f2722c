import { type EntityManager } from '@mikro-orm/postgresql';
import { type EventEnvelope, Events, type PayloadOf } from '@pm/events';

import { ResidentDirectoryEntry } from './resident-directory.entity';

type ResidentRegistered = PayloadOf<typeof Events.residentRegistered>;

/** residents.resident.registered → tickets learns the resident's unit and property. */
export async function onResidentRegistered(em: EntityManager, event: EventEnvelope): Promise<void> {
  const { residentId, unitId, propertyId } = event.payload as ResidentRegistered;
  await em.upsert(ResidentDirectoryEntry, { residentId, unitId, propertyId });
}

export const residentRegisteredHandler = { subject: Events.residentRegistered.subject, handle: onResidentRegistered };
