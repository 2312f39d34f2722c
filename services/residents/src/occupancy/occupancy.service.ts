import { type EntityManager, LockMode } from '@mikro-orm/postgresql';
import { BusinessCalendar } from '@pm/calendar';
import { AppError } from '@pm/errors';
import { Events, recordEvent } from '@pm/events';
import { requirePropertyAccess } from '@pm/identity';
import { type UseCaseContext } from '@pm/subgraph';

import { Building } from '../property/property.entity';
import { OccupancyStatus, Unit } from '../unit/unit.entity';
import { OccupancyChange, OccupancyChangeReason } from './occupancy-change.entity';
import { type CorrectOccupancyInput } from './occupancy.inputs';
import { type CountRow, currentOccupancyCounts, occupancyChangeCounts, occupancyCountsAt } from './occupancy.queries';
import { type OccupancyCount, type OccupancyMonthlyReport, type OccupancyMonthlyRow } from './occupancy.types';
import { ResidentsErrors } from '../errors';

const calendar = new BusinessCalendar();

/**
 * The only way a unit's occupancy changes: the new status, its audit row and its event, in the
 * caller's unit of work. No change, no record.
 */
export function changeOccupancy(
  em: EntityManager,
  { identity, clock }: Pick<UseCaseContext, 'identity' | 'clock'>,
  unit: Unit,
  to: OccupancyStatus,
  reason: OccupancyChangeReason,
  note: string | null = null,
): void {
  const from = unit.occupancy;
  if (from === to) return;
  unit.occupancy = to;
  em.create(OccupancyChange, { unitId: unit.id, propertyId: unit.propertyId, buildingId: unit.building.id, from, to, reason, note, by: identity.name, at: clock.now() });
  recordEvent(em, Events.unitOccupancyChanged, { unitId: unit.id, propertyId: unit.propertyId, buildingId: unit.building.id, from, to, reason }, { aggregateId: unit.id, actor: identity.sub });
}

/** A supervisor's correction of a unit's occupancy record outside the workflows, audited with the reason. */
export function correctOccupancy(ctx: UseCaseContext, input: CorrectOccupancyInput): Promise<Unit> {
  return ctx.em.transactional(async (tx) => {
    const unit = await tx.findOne(Unit, input.unitId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!unit) throw AppError.notFound('Unit', input.unitId);
    requirePropertyAccess(ctx.identity, unit.propertyId);
    if (unit.occupancy === input.occupancy) throw ResidentsErrors.noChange(unit.code, input.occupancy);
    changeOccupancy(tx, ctx, unit, input.occupancy, OccupancyChangeReason.CORRECTION, input.reason.trim());
    return unit;
  });
}

const buildingsOf = (em: EntityManager, propertyId: string) => em.find(Building, { property: propertyId }, { orderBy: { name: 'asc', id: 'asc' } });

/** Units by building and occupancy status, now: every combination, zeros included. */
export async function occupancyReport(em: EntityManager, propertyId: string): Promise<OccupancyCount[]> {
  const [buildings, rows] = await Promise.all([buildingsOf(em, propertyId), currentOccupancyCounts(em.fork(), propertyId)]);
  const counts = new Map(rows.map((r) => [`${r.building_id}:${r.occupancy}`, Number(r.count)]));
  return buildings.flatMap((b) => Object.values(OccupancyStatus).map((status) => ({ buildingId: b.id, buildingName: b.name, status, count: counts.get(`${b.id}:${status}`) ?? 0 })));
}

/** 月度物业动态信息表 for `month` (YYYY-MM): each building's status at the month end and its changes during it, then the total. */
export async function occupancyMonthlyReport(em: EntityManager, propertyId: string, month: string): Promise<OccupancyMonthlyReport> {
  const { from, to } = calendar.monthRange(month);
  const buildings = await buildingsOf(em, propertyId);
  const statuses = await occupancyCountsAt(em, propertyId, to);
  const changes = await occupancyChangeCounts(em, propertyId, from, to);
  const sum = (rows: CountRow[], keep: (r: CountRow) => boolean) => rows.filter(keep).reduce((n, r) => n + Number(r.count), 0);
  const row = (buildingId: string | null, buildingName: string): OccupancyMonthlyRow => {
    const mine = (r: CountRow) => buildingId === null || r.building_id === buildingId;
    const byStatus = Object.values(OccupancyStatus).map((status) => ({ status, count: sum(statuses, (r) => mine(r) && r.status === status) }));
    const changed = (reason: OccupancyChangeReason) => sum(changes, (r) => mine(r) && r.reason === reason);
    return {
      buildingId, buildingName, units: byStatus.reduce((n, s) => n + s.count, 0), byStatus,
      handedOver: changed(OccupancyChangeReason.HANDOVER), movedIn: changed(OccupancyChangeReason.MOVE_IN), movedOut: changed(OccupancyChangeReason.MOVE_OUT),
      renovation: changed(OccupancyChangeReason.RENOVATION), corrections: changed(OccupancyChangeReason.CORRECTION),
    };
  };
  return { propertyId, month, rows: [...buildings.map((b) => row(b.id, b.name)), row(null, 'TOTAL')] };
}
