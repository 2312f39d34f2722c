import { LockMode } from '@mikro-orm/postgresql';
import { Events, recordEvent } from '@pm/events';
import { defineHandler } from '@pm/subgraph';

import { ParkingLease } from '../lease/lease.entity';
import { LIVE_STATUSES, ParkingLeaseStatus } from '../lease/lease.enums';
import { UnitResident } from './unit-resident.entity';

/**
 * residents.resident.moved_out → the resident no longer lives there: the read-model says so, and
 * every lease they hold (or wait for) is terminated, freeing its space. Runs with the inbox row, once.
 */
export const residentMovedOutHandler = defineHandler(Events.residentMovedOut, async (em, payload, { event }) => {
  await em.upsert(UnitResident, {
    residentId: payload.residentId, unitId: payload.unitId, propertyId: payload.propertyId, kind: payload.kind, active: false, updatedAt: new Date(event.occurredAt),
  });
  const leases = await em.find(ParkingLease, { holderId: payload.residentId, status: { $in: LIVE_STATUSES } }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  for (const lease of leases) {
    const from = lease.status;
    lease.status = ParkingLeaseStatus.TERMINATED;
    lease.terminatedAt = new Date(payload.at);
    lease.terminationReason = 'the holder moved out';
    lease.spaceCode = null;
    lease.waitlistPosition = null;
    recordEvent(em, Events.parkingLeaseTerminated, {
      leaseId: lease.id, lotId: lease.lot.id, unitId: lease.unitId, holderId: lease.holderId, from, reason: 'RESIDENT_MOVED_OUT',
    }, { aggregateId: lease.id, actor: event.actor });
  }
});
