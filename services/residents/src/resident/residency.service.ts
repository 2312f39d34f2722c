import { type EntityManager, LockMode } from '@mikro-orm/postgresql';
import { AppError } from '@pm/errors';
import { Events, recordEvent } from '@pm/events';
import { type UseCaseContext } from '@pm/subgraph';

import { OccupancyChangeReason } from '../occupancy/occupancy-change.entity';
import { changeOccupancy } from '../occupancy/occupancy.service';
import { OccupancyStatus, Unit, UnitUsage } from '../unit/unit.entity';
import { Resident, ResidentKind } from './resident.entity';

export interface MoveInData {
  unitId: string;
  residentId: string;
  leaseSigned: boolean;
  safetyUndertakingSigned: boolean;
}

export interface MoveOutData {
  residentId: string;
  feesSettled: boolean;
  ownerConsent: boolean;
}

/** What a unit's occupancy is with these people living in it. */
function occupancyWith(unit: Unit, living: Resident[]): OccupancyStatus {
  if (!living.length) return OccupancyStatus.VACANT;
  if (living.some((r) => r.kind === ResidentKind.TENANT)) return OccupancyStatus.RENTED;
  if (unit.usage !== UnitUsage.HOME || living.some((r) => r.kind === ResidentKind.COMPANY)) return OccupancyStatus.OFFICE_OCCUPIED;
  return OccupancyStatus.OWNER_OCCUPIED;
}

async function lockUnit(tx: EntityManager, unitId: string, authorize: (unit: Unit) => void): Promise<Unit> {
  const unit = await tx.findOne(Unit, unitId, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!unit) throw AppError.notFound('Unit', unitId);
  authorize(unit);
  return unit;
}

/**
 * 客户入住: a registered person of the unit moves in. Tenants need the owner's consent (given at
 * registration), a signed lease and a safety undertaking. Occupancy becomes OWNER_OCCUPIED,
 * OFFICE_OCCUPIED or RENTED.
 */
export function moveIn(ctx: UseCaseContext, input: MoveInData, authorize: (unit: Unit) => void): Promise<Unit> {
  const { identity } = ctx;
  return ctx.em.transactional(async (tx) => {
    const unit = await lockUnit(tx, input.unitId, authorize);
    const resident = await tx.findOne(Resident, input.residentId);
    if (!resident || resident.unit.id !== unit.id) throw AppError.badInput('residentId', `The resident is not registered at unit ${unit.code}`);
    if (!resident.active) throw AppError.conflict('NOT_A_RESIDENT', `${resident.name} has moved out of ${unit.code}`);
    if (resident.movedInAt) throw AppError.conflict('ALREADY_MOVED_IN', `${resident.name} moved in on ${resident.movedInAt.toISOString().slice(0, 10)}`);
    if (unit.occupancy === OccupancyStatus.NOT_HANDED_OVER) throw AppError.conflict('UNIT_NOT_HANDED_OVER', `Unit ${unit.code} has not been handed over yet`);
    if (unit.occupancy === OccupancyStatus.UNDER_RENOVATION) throw AppError.conflict('UNDER_RENOVATION', `Unit ${unit.code} is being renovated`);
    if (resident.kind === ResidentKind.TENANT) {
      if (!resident.ownerConsent) throw AppError.conflict('OWNER_CONSENT_REQUIRED', "A tenant moves in only with the owner's confirmation");
      if (!input.leaseSigned) throw AppError.conflict('LEASE_REQUIRED', 'A tenant moves in with a signed lease');
      if (!input.safetyUndertakingSigned) throw AppError.conflict('SAFETY_UNDERTAKING_REQUIRED', 'A tenant signs the safety undertaking before moving in');
    }
    const now = ctx.clock.now();
    resident.movedInAt = now;
    const living = await tx.find(Resident, { unit, active: true, movedInAt: { $ne: null } });
    changeOccupancy(tx, ctx, unit, occupancyWith(unit, living.includes(resident) ? living : [...living, resident]), OccupancyChangeReason.MOVE_IN, `${resident.kind} moved in`);
    recordEvent(tx, Events.residentMovedIn, { residentId: resident.id, unitId: unit.id, propertyId: unit.propertyId, kind: resident.kind, at: now.toISOString() }, { aggregateId: resident.id, actor: identity.sub });
    return unit;
  });
}

/**
 * 退租 / move-out: fees up to today settled and (for anyone but the owner) the owner consenting; the
 * residency ends, `resident.moved_out` is published (parking ends their leases) and occupancy follows
 * who still lives there.
 */
export function moveOut(ctx: UseCaseContext, input: MoveOutData, authorize: (unit: Unit) => void): Promise<Resident> {
  const { identity } = ctx;
  return ctx.em.transactional(async (tx) => {
    const found = await tx.findOne(Resident, input.residentId);
    if (!found) throw AppError.notFound('Resident', input.residentId);
    const unit = await lockUnit(tx, found.unit.id, authorize);
    const resident = await tx.findOneOrFail(Resident, input.residentId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!resident.active) throw AppError.conflict('ALREADY_MOVED_OUT', `${resident.name} moved out on ${resident.movedOutAt?.toISOString().slice(0, 10) ?? 'an earlier date'}`);
    if (!input.feesSettled) throw AppError.conflict('FEES_NOT_SETTLED', 'All fees up to the move-out date must be settled first');
    if (resident.kind !== ResidentKind.OWNER && !input.ownerConsent) throw AppError.conflict('OWNER_CONSENT_REQUIRED', 'The owner must be informed and consent to the move-out');
    const now = ctx.clock.now();
    resident.active = false;
    resident.movedOutAt = now;
    if (unit.occupancy !== OccupancyStatus.UNDER_RENOVATION && unit.occupancy !== OccupancyStatus.NOT_HANDED_OVER) {
      const living = (await tx.find(Resident, { unit, active: true, movedInAt: { $ne: null } })).filter((r) => r.id !== resident.id);
      changeOccupancy(tx, ctx, unit, occupancyWith(unit, living), OccupancyChangeReason.MOVE_OUT, `${resident.kind} moved out`);
    }
    recordEvent(tx, Events.residentMovedOut, { residentId: resident.id, unitId: unit.id, propertyId: unit.propertyId, kind: resident.kind, at: now.toISOString() }, { aggregateId: resident.id, actor: identity.sub });
    return resident;
  });
}
