import { type EntityManager } from '@mikro-orm/postgresql';
import { type EventEnvelope, Events, type PayloadOf } from '@pm/events';

import { RenovationApplication } from '../application/application.entity';
import { UnitDirectoryEntry } from './unit-directory.entity';

type UnitAdded = PayloadOf<typeof Events.unitAdded>;

/** residents.unit.added → renovation learns the unit's property (and gives it to applications filed before it knew). */
export async function onUnitAdded(em: EntityManager, event: EventEnvelope): Promise<void> {
  const { unitId, propertyId, code, usage } = event.payload as UnitAdded;
  await em.upsert(UnitDirectoryEntry, { unitId, propertyId, code, usage });
  await em.nativeUpdate(RenovationApplication, { unitId, propertyId: null }, { propertyId });
}

export const unitAddedHandler = { subject: Events.unitAdded.subject, handle: onUnitAdded };
