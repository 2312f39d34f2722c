import { type EntityManager } from '@mikro-orm/postgresql';
import { type EventEnvelope, Events, type PayloadOf } from '@pm/events';

import { UnitDirectoryEntry } from './unit-directory.entity';

type UnitAdded = PayloadOf<typeof Events.unitAdded>;

/** residents.unit.added → tickets learns the unit's property. */
export async function onUnitAdded(em: EntityManager, event: EventEnvelope): Promise<void> {
  const { unitId, propertyId, code } = event.payload as UnitAdded;
  await em.upsert(UnitDirectoryEntry, { unitId, propertyId, code });
}

export const unitAddedHandler = { subject: Events.unitAdded.subject, handle: onUnitAdded };
