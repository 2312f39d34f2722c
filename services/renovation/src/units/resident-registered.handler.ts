import { type EntityManager } from '@mikro-orm/postgresql';
import { type EventEnvelope, Events, type PayloadOf } from '@pm/events';

import { ResidentDirectoryEntry } from './resident-directory.entity';

type ResidentRegistered = PayloadOf<typeof Events.residentRegistered>;

/** residents.resident.registered → renovation learns who lives where (an applicant must be of the unit's property). */
export async function onResidentRegistered(em: EntityManager, event: EventEnvelope): Promise<void> {
  const { residentId, unitId, propertyId, kind } = event.payload as ResidentRegistered;
  await em.upsert(ResidentDirectoryEntry, { residentId, unitId, propertyId, kind });
}

export const residentRegisteredHandler = { subject: Events.residentRegistered.subject, handle: onResidentRegistered };
