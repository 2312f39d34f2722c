import { type EntityManager, LockMode } from '@mikro-orm/postgresql';
import { nextDocumentNumber } from '@pm/db';
import { AppError } from '@pm/errors';
import { Events, recordEvent } from '@pm/events';
import { canAccessProperty } from '@pm/identity';

import { ParkingErrors } from '../errors';
import { type ParkingLot } from '../lot/lot.entity';
import { findLot, freeSpace, lotCounts, pricesOf } from '../lot/lot.service';
import { UnitResident } from '../residents/unit-resident.entity';
import { type ParkingUseCase } from '../settings';
import { ParkingLease, ParkingPayment } from './lease.entity';
import { LEASE_HOLDER_KINDS, LIVE_STATUSES, ParkingLeaseStatus, TERM_MONTHS } from './lease.enums';
import { type ParkingApplicationInput } from './lease.inputs';
import { isValidPlate, normalisePlate, periodOf, renewalOf } from './lease.rules';
import { offerDeadline, promoteWaiting } from './lease.waitlist';

/**
 * Applies for a space: an active owner or tenant of the unit, a licence of the household, a valid
 * plate not already parked here; one live lease per household across every lot of the property
 * (the unique index settles two desks at once, whatever lots they name). A free space is held
 * pending payment until the offer deadline; a full lot puts the application on the waiting list.
 */
export async function applyForParking(ctx: ParkingUseCase, input: ParkingApplicationInput): Promise<ParkingLease> {
  const { identity, clock } = ctx;
  const plate = normalisePlate(input.plate);
  if (!isValidPlate(plate)) throw AppError.badInput('plate', `${input.plate} is not a valid plate (7 characters, 8 for new-energy vehicles)`);
  return ctx.em.transactional(async (tx) => {
    const now = clock.now();
    const lot = await findLot(tx, input.lotId, true);
    const holder = await tx.findOne(UnitResident, { residentId: input.holderId, unitId: input.unitId, active: true, propertyId: lot.propertyId });
    if (!holder || !LEASE_HOLDER_KINDS.includes(holder.kind)) throw ParkingErrors.notAResident();
    if (input.drivingLicenseHolderId && input.drivingLicenseHolderId !== input.holderId) {
      const member = await tx.findOne(UnitResident, { residentId: input.drivingLicenseHolderId, unitId: input.unitId, active: true });
      if (!member) throw ParkingErrors.licenceHolderNotOfHousehold();
    }
    if (await tx.count(ParkingLease, { unitId: input.unitId, status: { $in: LIVE_STATUSES } })) throw ParkingErrors.oneSpacePerHousehold();
    if (await tx.count(ParkingLease, { propertyId: lot.propertyId, plate, status: { $in: LIVE_STATUSES } })) throw ParkingErrors.plateAlreadyLeased(plate);
    const { capacity, taken } = (await lotCounts(tx, [lot.id])).get(lot.id)!;
    const full = taken >= capacity;
    const lease = tx.create(ParkingLease, {
      number: await nextDocumentNumber(tx, 'parking_lease_number_seq', 'TC', now),
      lot,
      propertyId: lot.propertyId,
      unitId: input.unitId,
      holderId: input.holderId,
      plate,
      vehicleModel: input.vehicleModel?.trim() || null,
      drivingLicenseHolder: input.drivingLicenseHolder.trim(),
      licenceHolderId: input.drivingLicenseHolderId ?? null,
      term: input.term,
      status: full ? ParkingLeaseStatus.WAITLISTED : ParkingLeaseStatus.PENDING_PAYMENT,
      offerExpiresAt: full ? null : offerDeadline(now, ctx),
      createdAt: now,
    });
    recordEvent(tx, Events.parkingLeaseApplied, { leaseId: lease.id, lotId: lot.id, unitId: lease.unitId, holderId: lease.holderId, status: lease.status }, { aggregateId: lease.id, actor: identity.sub });
    return lease;
  });
}

/**
 * The one way a lease changes: its lot locked first (as every change of a lot's leases does, so the
 * waiting list is served in order and never twice), then the lease; staff of other properties get
 * NOT_FOUND.
 */
export async function changeLease<T>(ctx: ParkingUseCase, id: string, apply: (tx: EntityManager, lease: ParkingLease, lot: ParkingLot, now: Date) => Promise<T>): Promise<T> {
  return ctx.em.transactional(async (tx) => {
    const found = await tx.findOne(ParkingLease, id, { fields: ['lot'] });
    if (!found) throw AppError.notFound('ParkingLease', id);
    const lot = await findLot(tx, found.lot.id, true);
    const lease = await tx.findOneOrFail(ParkingLease, id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (ctx.identity.kind !== 'staff' || !canAccessProperty(ctx.identity, lease.propertyId)) throw AppError.notFound('ParkingLease', id);
    return apply(tx, lease, lot, ctx.clock.now());
  });
}

/** Ends a live lease (or application), frees what it held and serves the waiting list. */
export function endLease(tx: EntityManager, lease: ParkingLease, status: ParkingLeaseStatus.TERMINATED | ParkingLeaseStatus.EXPIRED, at: Date, reason: string, actor: string): void {
  const from = lease.status;
  lease.status = status;
  lease.offerExpiresAt = null;
  if (status === ParkingLeaseStatus.TERMINATED) {
    lease.terminatedAt = at;
    lease.terminationReason = reason;
    recordEvent(tx, Events.parkingLeaseTerminated, { leaseId: lease.id, lotId: lease.lot.id, unitId: lease.unitId, holderId: lease.holderId, from, reason }, { aggregateId: lease.id, actor });
  } else {
    recordEvent(tx, Events.parkingLeaseExpired, { leaseId: lease.id, lotId: lease.lot.id, unitId: lease.unitId, holderId: lease.holderId, propertyId: lease.propertyId, endsOn: lease.endsOn! }, { aggregateId: lease.id, actor });
  }
}

/** 退租: the desk ends a lease or withdraws an application, with the reason; the next household is offered the space. */
export function terminateLease(ctx: ParkingUseCase, id: string, reason: string): Promise<ParkingLease> {
  return changeLease(ctx, id, async (tx, lease, lot, now) => {
    if (!LIVE_STATUSES.includes(lease.status)) throw ParkingErrors.invalidTransition(lease.number, lease.status, 'be terminated');
    endLease(tx, lease, ParkingLeaseStatus.TERMINATED, now, reason, ctx.identity.sub);
    await promoteWaiting(tx, ctx, lot);
    return lease;
  });
}

/**
 * The cashier takes the rent (月租办理): exactly the lot's price for the lease's term, under a receipt
 * number used once. A first payment assigns a free space and a pass card and starts the term (today,
 * or the date the desk gives for a lease already running on paper); a renewal extends the term from
 * its current end. Each payment is a line of the monthly-rental register.
 */
export function recordPayment(ctx: ParkingUseCase, id: string, amountFen: number, receiptNo: string, startsOn?: string): Promise<ParkingLease> {
  const { settings, identity } = ctx;
  return changeLease(ctx, id, async (tx, lease, lot, now) => {
    const renewal = lease.status === ParkingLeaseStatus.ACTIVE;
    if (!renewal && lease.status !== ParkingLeaseStatus.PENDING_PAYMENT) throw ParkingErrors.invalidTransition(lease.number, lease.status, 'take payment');
    const due = (await pricesOf(tx, [lot.id], settings.standardPrices)).get(lot.id)![lease.term];
    if (amountFen !== due) throw ParkingErrors.amountMismatch(due, amountFen);
    const months = TERM_MONTHS[lease.term];
    const today = settings.calendar.localDate(now);
    let period: { startsOn: string; endsOn: string };
    if (renewal) {
      if (startsOn) throw AppError.badInput('startsOn', 'a renewal starts the day after the current term ends; startsOn is for a first payment');
      period = renewalOf(lease.endsOn!, months);
      lease.endsOn = period.endsOn;
    } else {
      const space = await freeSpace(tx, lot);
      if (!space) throw ParkingErrors.noFreeSpace(lot.name);
      period = periodOf(startsOn ?? today, months);
      if (period.endsOn < today) throw AppError.badInput('startsOn', 'a term that has already ended cannot be paid for');
      lease.status = ParkingLeaseStatus.ACTIVE;
      lease.spaceCode = space.code;
      lease.passCardNo = await nextDocumentNumber(tx, 'parking_pass_card_seq', 'YK', now);
      lease.startsOn = period.startsOn;
      lease.endsOn = period.endsOn;
      lease.offerExpiresAt = null;
    }
    tx.create(ParkingPayment, {
      leaseId: lease.id, propertyId: lease.propertyId, lotId: lot.id, receiptNo, amountFen, term: lease.term,
      periodStart: period.startsOn, periodEnd: period.endsOn, renewal, passCardNo: lease.passCardNo!, by: identity.name, paidAt: now,
    });
    recordEvent(tx, Events.parkingLeasePaid, {
      leaseId: lease.id, lotId: lot.id, unitId: lease.unitId, holderId: lease.holderId, propertyId: lease.propertyId, spaceCode: lease.spaceCode!,
      passCardNo: lease.passCardNo!, startsOn: period.startsOn, endsOn: period.endsOn, renewal, amountFen,
    }, { aggregateId: lease.id, actor: identity.sub });
    return lease;
  });
}
