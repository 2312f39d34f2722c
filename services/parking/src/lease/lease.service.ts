import { type UseCaseContext } from '@pm/subgraph';
import { LockMode } from '@mikro-orm/postgresql';
import { nextDocumentNumber } from '@pm/db';
import { AppError } from '@pm/errors';
import { Events, recordEvent } from '@pm/events';

import { ParkingLot } from '../lot/lot.entity';
import { UnitResident } from '../residents/unit-resident.entity';
import { lotCounts } from '../lot/lot.service';
import { ParkingLease } from './lease.entity';
import { LEASE_HOLDER_KINDS, LIVE_STATUSES, ParkingLeaseStatus } from './lease.enums';
import { type ParkingApplicationInput } from './lease.inputs';
import { isValidPlate, normalisePlate } from './lease.rules';
import { ParkingErrors } from '../errors';

/**
 * Applies for a space: one live lease per household; a free space is held pending payment, a full
 * lot puts the application on the waiting list. The lot row is locked so two desks cannot hand out
 * the last space twice.
 */
export async function applyForParking({ em, identity, clock }: UseCaseContext, input: ParkingApplicationInput): Promise<ParkingLease> {
  const plate = normalisePlate(input.plate);
  if (!isValidPlate(plate)) throw AppError.badInput('plate', `${input.plate} is not a valid plate (7 characters, 8 for new-energy vehicles)`);
  return em.transactional(async (tx) => {
    const lot = await tx.findOne(ParkingLot, input.lotId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!lot) throw AppError.notFound('ParkingLot', input.lotId);
    const holder = await tx.findOne(UnitResident, { residentId: input.holderId, unitId: input.unitId, active: true, propertyId: lot.propertyId });
    if (!holder || !LEASE_HOLDER_KINDS.includes(holder.kind)) {
      throw ParkingErrors.notAResident();
    }
    if (await tx.count(ParkingLease, { unitId: input.unitId, status: { $in: LIVE_STATUSES } })) {
      throw ParkingErrors.oneSpacePerHousehold();
    }
    const { capacity, taken } = (await lotCounts(tx, [lot.id])).get(lot.id)!;
    const full = taken >= capacity;
    const waiting = full ? await tx.count(ParkingLease, { lot, status: ParkingLeaseStatus.WAITLISTED }) : 0;
    const lease = tx.create(ParkingLease, {
      number: await nextDocumentNumber(tx, 'parking_lease_number_seq', 'TC'),
      lot,
      propertyId: lot.propertyId,
      unitId: input.unitId,
      holderId: input.holderId,
      plate,
      vehicleModel: input.vehicleModel?.trim() || null,
      drivingLicenseHolder: input.drivingLicenseHolder.trim(),
      term: input.term,
      status: full ? ParkingLeaseStatus.WAITLISTED : ParkingLeaseStatus.PENDING_PAYMENT,
      waitlistPosition: full ? waiting + 1 : null,
      createdAt: clock.now(),
    });
    recordEvent(tx, Events.parkingLeaseApplied, { leaseId: lease.id, lotId: lot.id, unitId: lease.unitId, holderId: lease.holderId, status: lease.status }, { aggregateId: lease.id, actor: identity.sub });
    return lease;
  });
}
