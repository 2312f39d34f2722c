import { LockMode, type MikroORM } from '@mikro-orm/postgresql';
import { addDays } from '@pm/calendar';
import { Events, recordEvent } from '@pm/events';
import { type ServiceRuntime } from '@pm/subgraph';

import { renovationFacts } from '../application/application.access';
import { RenovationApplication, RenovationInspection } from '../application/application.entity';
import { RenovationStatus } from '../application/application.enums';
import { inspectionGaps, lastJudgedDay } from '../application/application.rules';
import { type RenovationSettings } from '../settings';

/**
 * The renovation clock: publishes an application still undecided at its due time, and each
 * finished working day of the works that lacked one of the three daily inspections. Rows are claimed
 * with FOR UPDATE SKIP LOCKED and marked in the same transaction, so with several replicas each
 * event is published exactly once; after a restart the first scan catches up.
 */
export class RenovationScheduler {
  constructor(
    private readonly orm: MikroORM,
    private readonly runtime: ServiceRuntime<RenovationSettings>,
    private readonly batchSize = 100,
  ) {}

  /** One pass over both rules; returns how many events it published. */
  async scanOnce(now = this.runtime.clock.now()): Promise<number> {
    return (await this.overdueDecisions(now)) + (await this.missedInspections(now));
  }

  private async overdueDecisions(now: Date): Promise<number> {
    let published = 0;
    for (;;) {
      const batch = await this.orm.em.fork().transactional(async (tx) => {
        const due = await tx.find(
          RenovationApplication,
          { status: RenovationStatus.SUBMITTED, decisionOverdueAt: null, decisionDueBy: { $lte: now }, propertyId: { $ne: null } },
          { orderBy: { decisionDueBy: 'asc' }, limit: this.batchSize, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
        );
        for (const application of due) {
          application.decisionOverdueAt = now;
          recordEvent(tx, Events.renovationDecisionOverdue, { ...renovationFacts(application), decisionDueBy: application.decisionDueBy.toISOString() }, { aggregateId: application.id, actor: 'renovation-scheduler' });
        }
        return due.length;
      });
      published += batch;
      if (batch < this.batchSize) return published;
    }
  }

  /** Days are judged once the desk has closed on them: up to yesterday, or today after closing time. */
  private async missedInspections(now: Date): Promise<number> {
    const { calendar } = this.runtime.settings;
    const lastJudged = lastJudgedDay(now, calendar);
    let published = 0;
    for (;;) {
      const batch = await this.orm.em.fork().transactional(async (tx) => {
        const open = await tx.find(
          RenovationApplication,
          { status: { $in: [RenovationStatus.PERMIT_ISSUED, RenovationStatus.IN_PROGRESS] }, inspectionsCheckedThrough: { $lt: lastJudged } },
          { orderBy: { inspectionsCheckedThrough: 'asc' }, limit: this.batchSize, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
        );
        const inspections = open.length
          ? await tx.find(RenovationInspection, { applicationId: { $in: open.map((a) => a.id) }, date: { $gt: open.reduce((min, a) => (a.inspectionsCheckedThrough! < min ? a.inspectionsCheckedThrough! : min), lastJudged) } })
          : [];
        let events = 0;
        for (const application of open) {
          const from = addDays(application.inspectionsCheckedThrough!, 1);
          for (const gap of inspectionGaps(from, lastJudged, inspections.filter((i) => i.applicationId === application.id), calendar)) {
            recordEvent(tx, Events.renovationInspectionGaps, { ...renovationFacts(application), date: gap.date, missing: gap.missing }, { aggregateId: application.id, actor: 'renovation-scheduler' });
            events += 1;
          }
          application.inspectionsCheckedThrough = lastJudged;
        }
        published += events;
        return open.length;
      });
      if (batch < this.batchSize) return published;
    }
  }
}
