import { type EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Events, recordEvent } from '@pm/events';

import { type ParkingLot } from '../lot/lot.entity';
import { lotCounts } from '../lot/lot.service';
import { type ParkingUseCase } from '../settings';
import { ParkingLease } from './lease.entity';
import { ParkingLeaseStatus } from './lease.enums';

/** When a held space must be paid for: N working days on the business calendar. */
export const offerDeadline = (now: Date, { settings }: Pick<ParkingUseCase, 'settings'>) => settings.calendar.addWorkingDays(now, settings.offerWorkingDays);

/**
 * Serves the waiting list while the lot has free spaces: the first household in line (first come,
 * first served) is offered a space, PENDING_PAYMENT until its deadline, and told so by an event.
 * The caller holds the lot's lock (every change of a lot's leases takes it first), so two frees at
 * once cannot offer one space twice.
 */
export async function promoteWaiting(tx: EntityManager, ctx: Pick<ParkingUseCase, 'clock' | 'settings'> & { identity?: { sub: string } }, lot: ParkingLot): Promise<ParkingLease[]> {
  await tx.flush();
  const counts = (await lotCounts(tx, [lot.id])).get(lot.id)!;
  const free = counts.capacity - counts.taken;
  if (free <= 0 || counts.waiting === 0) return [];
  const next = await tx.find(ParkingLease, { lot, status: ParkingLeaseStatus.WAITLISTED }, { orderBy: { createdAt: 'asc', id: 'asc' }, limit: free, lockMode: LockMode.PESSIMISTIC_WRITE });
  const now = ctx.clock.now();
  for (const lease of next) {
    lease.status = ParkingLeaseStatus.PENDING_PAYMENT;
    lease.offerExpiresAt = offerDeadline(now, ctx);
    recordEvent(tx, Events.parkingLeaseOffered, {
      leaseId: lease.id, lotId: lot.id, unitId: lease.unitId, holderId: lease.holderId, propertyId: lease.propertyId, offerExpiresAt: lease.offerExpiresAt.toISOString(),
    }, { aggregateId: lease.id, actor: ctx.identity?.sub ?? 'parking' });
  }
  await tx.flush();
  return next;
}

/** Each waiting lease's place in its lot's line (1 = next), in one statement. */
export async function waitlistPositions(em: EntityManager, leaseIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await em.getConnection().execute<{ id: string; position: string }[]>(
    `select id, position from (
       select l.id, row_number() over (partition by l.lot_id order by l.created_at, l.id) as position
       from parking_lease l
       where l.status = 'WAITLISTED' and l.lot_id in (select lot_id from parking_lease where id in (?))
     ) ranked where id in (?)`,
    [[...leaseIds], [...leaseIds]], 'all', em.getTransactionContext());
  return new Map(rows.map((r) => [r.id, Number(r.position)]));
}
