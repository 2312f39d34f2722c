import { LockMode } from '@mikro-orm/postgresql';
import { Events } from '@pm/events';
import { type Identity } from '@pm/identity';
import { defineHandler } from '@pm/subgraph';

import { occupancyWith } from '../resident/residency.service';
import { Resident } from '../resident/resident.entity';
import { type ResidentsSettings } from '../settings';
import { OccupancyStatus, Unit } from '../unit/unit.entity';
import { OccupancyChange, OccupancyChangeReason } from './occupancy-change.entity';
import { changeOccupancy } from './occupancy.service';

/** Who the occupancy trail names for a change renovation caused. */
const renovationDesk = (actor: string): Identity => ({ kind: 'staff', sub: actor, name: 'renovation', roles: [], propertyIds: [] });

/** renovation.application.permit_issued → the unit is UNDER_RENOVATION (正在装修), with the permit on the trail. */
export const renovationPermitIssuedHandler = defineHandler<typeof Events.renovationPermitIssued, ResidentsSettings>(Events.renovationPermitIssued, async (em, permit, { clock, event }) => {
  const unit = await em.findOne(Unit, permit.unitId, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!unit || unit.occupancy === OccupancyStatus.UNDER_RENOVATION) return;
  changeOccupancy(em, { identity: renovationDesk(event.actor), clock }, unit, OccupancyStatus.UNDER_RENOVATION, OccupancyChangeReason.RENOVATION, `permit ${permit.number}`);
});

/**
 * renovation.application.completion_inspected (passed) → the unit returns to the occupancy it had
 * before the permit, as the trail recorded it (or, without that record, to who lives there).
 */
export const renovationCompletedHandler = defineHandler<typeof Events.renovationCompletionInspected, ResidentsSettings>(Events.renovationCompletionInspected, async (em, inspection, { clock, event }) => {
  if (!inspection.passed) return;
  const unit = await em.findOne(Unit, inspection.unitId, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!unit || unit.occupancy !== OccupancyStatus.UNDER_RENOVATION) return;
  const before = await em.findOne(OccupancyChange, { unitId: unit.id, to: OccupancyStatus.UNDER_RENOVATION }, { orderBy: { at: 'desc', id: 'desc' } });
  const previous = before?.from ?? occupancyWith(unit, await em.find(Resident, { unit, active: true, movedInAt: { $ne: null } }));
  changeOccupancy(em, { identity: renovationDesk(event.actor), clock }, unit, previous, OccupancyChangeReason.RENOVATION, `completion of ${inspection.number} passed`);
});
