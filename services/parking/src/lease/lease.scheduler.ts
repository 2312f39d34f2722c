import { type EntityManager, LockMode, type MikroORM } from '@mikro-orm/postgresql';
import { addDays } from '@pm/calendar';
import { Events, recordEvent } from '@pm/events';
import { type ServiceRuntime } from '@pm/subgraph';

import { findLot } from '../lot/lot.service';
import { type ParkingSettings } from '../settings';
import { ParkingLease } from './lease.entity';
import { ParkingLeaseStatus } from './lease.enums';
import { endLease } from './lease.service';
import { promoteWaiting } from './lease.waitlist';

const ACTOR = 'parking-scheduler';

/** What one scan did. */
export interface ScanResult {
  lapsed: number;
  reminded: number;
  expired: number;
}

/**
 * The parking clock: offers not paid in time pass to the next household, the expiry reminder goes
 * out a week before a term ends, and a term that has ended expires and frees its space for the
 * waiting list. Each lease is handled in its own transaction under its lot's lock and re-checked
 * there, so with several replicas each effect happens exactly once.
 */
export class ParkingScheduler {
  constructor(
    private readonly orm: MikroORM,
    private readonly runtime: ServiceRuntime<ParkingSettings>,
  ) {}

  async scanOnce(now = this.runtime.clock.now()): Promise<ScanResult> {
    const { calendar, reminderDays } = this.runtime.settings;
    const today = calendar.localDate(now);
    const lapsed = await this.each({ status: ParkingLeaseStatus.PENDING_PAYMENT, offerExpiresAt: { $lte: now } }, async (tx, lease) => {
      if (lease.status !== ParkingLeaseStatus.PENDING_PAYMENT || !lease.offerExpiresAt || lease.offerExpiresAt > now) return false;
      endLease(tx, lease, ParkingLeaseStatus.TERMINATED, now, 'OFFER_LAPSED: not paid in time; the space passes to the next household', ACTOR);
      return true;
    });
    const expired = await this.each({ status: ParkingLeaseStatus.ACTIVE, endsOn: { $lt: today } }, async (tx, lease) => {
      if (lease.status !== ParkingLeaseStatus.ACTIVE || !lease.endsOn || lease.endsOn >= today) return false;
      endLease(tx, lease, ParkingLeaseStatus.EXPIRED, now, 'EXPIRED', ACTOR);
      return true;
    });
    const remindFrom = addDays(today, reminderDays);
    const notReminded = { $or: [{ reminderSentFor: null }, { reminderSentFor: { $lt: today } }] };
    const reminded = await this.each({ status: ParkingLeaseStatus.ACTIVE, endsOn: { $lte: remindFrom, $gte: today }, ...notReminded }, async (tx, lease) => {
      if (lease.status !== ParkingLeaseStatus.ACTIVE || !lease.endsOn || lease.endsOn > remindFrom || lease.reminderSentFor === lease.endsOn) return false;
      lease.reminderSentFor = lease.endsOn;
      recordEvent(tx, Events.parkingLeaseExpiring, { leaseId: lease.id, lotId: lease.lot.id, unitId: lease.unitId, holderId: lease.holderId, propertyId: lease.propertyId, endsOn: lease.endsOn }, { aggregateId: lease.id, actor: ACTOR });
      return true;
    }, false);
    return { lapsed, reminded, expired };
  }

  /** Runs `apply` on each lease matching `where`, each in its own transaction under its lot's lock; counts those it changed. */
  private async each(where: object, apply: (tx: EntityManager, lease: ParkingLease) => Promise<boolean>, freesSpace = true): Promise<number> {
    const candidates = await this.orm.em.fork().find(ParkingLease, where, { fields: ['id', 'lot'], orderBy: { createdAt: 'asc', id: 'asc' }, limit: 1000 });
    let changed = 0;
    for (const candidate of candidates) {
      const did = await this.orm.em.fork().transactional(async (tx) => {
        const lot = await findLot(tx, candidate.lot.id, true);
        const lease = await tx.findOneOrFail(ParkingLease, candidate.id, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (!(await apply(tx, lease))) return false;
        if (freesSpace) await promoteWaiting(tx, this.runtime, lot);
        return true;
      });
      if (did) changed += 1;
    }
    return changed;
  }
}
