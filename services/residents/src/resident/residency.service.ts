import { type EntityManager, LockMode } from '@mikro-orm/postgresql';
import { AppError } from '@pm/errors';
import { Events, recordEvent } from '@pm/events';
import { type UseCaseContext } from '@pm/subgraph';

import { OccupancyChangeReason } from '../occupancy/occupancy-change.entity';
import { changeOccupancy } from '../occupancy/occupancy.service';
import { OccupancyStatus, Unit, UnitUsage } from '../unit/unit.entity';
import { Resident, ResidentKind } from './resident.entity';
import { ResidentsErrors } from '../errors';

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
export function occupancyWith(unit: Unit, living: Resident[]): OccupancyStatus {
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
    if (!resident.active) throw ResidentsErrors.movedOut(resident.name, unit.code);
    if (resident.movedInAt) throw ResidentsErrors.alreadyMovedIn(resident.name, resident.movedInAt);
    if (unit.occupancy === OccupancyStatus.NOT_HANDED_OVER) throw ResidentsErrors.unitNotHandedOver(unit.code);
    if (unit.occupancy === OccupancyStatus.UNDER_RENOVATION) throw ResidentsErrors.underRenovation(unit.code);
    if (resident.kind === ResidentKind.TENANT) {
      if (!resident.ownerConsent) throw ResidentsErrors.moveInNeedsOwnerConsent();
      if (!input.leaseSigned) throw ResidentsErrors.leaseRequired();
      if (!input.safetyUndertakingSigned) throw ResidentsErrors.safetyUndertakingRequired();
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
    if (!resident.active) throw ResidentsErrors.alreadyMovedOut(resident.name, resident.movedOutAt);
    if (!input.feesSettled) throw ResidentsErrors.feesNotSettled();
    if (resident.kind !== ResidentKind.OWNER && !input.ownerConsent) throw ResidentsErrors.moveOutNeedsOwnerConsent();
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
