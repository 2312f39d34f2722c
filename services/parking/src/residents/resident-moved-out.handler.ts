import { LockMode } from '@mikro-orm/postgresql';
import { Events } from '@pm/events';
import { defineHandler } from '@pm/subgraph';

import { ParkingLease } from '../lease/lease.entity';
import { LIVE_STATUSES, ParkingLeaseStatus } from '../lease/lease.enums';
import { endLease } from '../lease/lease.service';
import { promoteWaiting } from '../lease/lease.waitlist';
import { findLot } from '../lot/lot.service';
import { type ParkingSettings } from '../settings';
import { UnitResident } from './unit-resident.entity';

/**
 * residents.resident.moved_out → the resident no longer lives there: the read-model says so, every
 * lease they hold (or wait for) is terminated, and each freed space goes to the next household in
 * line. Runs with the inbox row, once.
 */
export const residentMovedOutHandler = defineHandler<typeof Events.residentMovedOut, ParkingSettings>(Events.residentMovedOut, async (em, payload, runtime) => {
  const { event } = runtime;
  await em.upsert(UnitResident, {
    residentId: payload.residentId, unitId: payload.unitId, propertyId: payload.propertyId, kind: payload.kind, active: false, updatedAt: new Date(event.occurredAt),
  });
  const held = await em.find(ParkingLease, { holderId: payload.residentId, status: { $in: LIVE_STATUSES } }, { fields: ['id', 'lot'] });
  for (const lotId of [...new Set(held.map((lease) => lease.lot.id))].sort()) {
    const lot = await findLot(em, lotId, true);
    const leases = await em.find(ParkingLease, { lot, holderId: payload.residentId, status: { $in: LIVE_STATUSES } }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    for (const lease of leases) endLease(em, lease, ParkingLeaseStatus.TERMINATED, new Date(payload.at), 'RESIDENT_MOVED_OUT', event.actor);
    await promoteWaiting(em, runtime, lot);
  }
});
