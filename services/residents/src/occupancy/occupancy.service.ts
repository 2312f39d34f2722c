import { type EntityManager } from '@mikro-orm/postgresql';
import { Events, recordEvent } from '@pm/events';
import { type Identity } from '@pm/identity';

import { type OccupancyStatus, type Unit } from '../unit/unit.entity';
import { OccupancyChange, type OccupancyChangeReason } from './occupancy-change.entity';

/**
 * The only way a unit's occupancy changes: the new status, its audit row and its event, in the
 * caller's unit of work. No change, no record.
 */
export function changeOccupancy(em: EntityManager, identity: Identity, unit: Unit, to: OccupancyStatus, reason: OccupancyChangeReason, note: string | null = null): void {
  const from = unit.occupancy;
  if (from === to) return;
  unit.occupancy = to;
  em.create(OccupancyChange, { unitId: unit.id, propertyId: unit.propertyId, buildingId: unit.building.id, from, to, reason, note, by: identity.name });
  recordEvent(em, Events.unitOccupancyChanged, { unitId: unit.id, propertyId: unit.propertyId, buildingId: unit.building.id, from, to, reason }, { aggregateId: unit.id, actor: identity.sub });
}
