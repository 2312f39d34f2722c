import { LockMode, type MikroORM } from '@mikro-orm/postgresql';
import { Events, recordEvent } from '@pm/events';
import { type ServiceRuntime } from '@pm/subgraph';

import { settingsOf, type TicketsSettings } from '../settings';
import { Ticket } from '../ticket/ticket.entity';
import { escalateOverdueComplaints } from '../ticket/ticket.escalation';
import { ticketFacts } from '../ticket/ticket.events';
import { refreshNextDeadline, slaOf } from './sla.deadlines';

/**
 * Publishes `tickets.ticket.sla_breached` within seconds of a deadline passing. Due tickets are
 * claimed with FOR UPDATE SKIP LOCKED, so with several replicas exactly one handles each, and each
 * breach is recorded on the ticket so it is published once. After a restart the first scan catches
 * up on everything that fell due meanwhile.
 */
export class SlaScheduler {
  /** Breaches this replica published, by kind (the `pm_sla_breaches_total` counter). */
  readonly published: Record<string, number> = {};

  constructor(
    private readonly orm: MikroORM,
    private readonly runtime: ServiceRuntime<TicketsSettings>,
    private readonly batchSize = 200,
  ) {}

  /** Handles every ticket whose next deadline has passed; returns how many breaches it published. */
  async scanOnce(now = this.runtime.clock.now()): Promise<number> {
    const { settings } = this.runtime;
    await this.orm.em.fork().transactional((tx) => escalateOverdueComplaints(tx, now, settings));
    let published = 0;
    for (;;) {
      const written: string[] = [];
      const batch = await this.orm.em.fork().transactional(async (tx) => {
        const due = await tx.find(Ticket, { nextDeadlineAt: { $lte: now } }, { orderBy: { nextDeadlineAt: 'asc' }, limit: this.batchSize, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE });
        for (const ticket of due) {
          const own = await settingsOf({ em: tx, settings }, ticket.propertyId);
          const sla = slaOf(ticket, now, own);
          const deadlines = { DISPATCH: sla.dispatchBy, RESPONSE: sla.respondBy, RESOLUTION: sla.resolveBy, CALLBACK: sla.callbackBy };
          for (const breach of sla.breaches.filter((kind) => !ticket.slaBreaches.includes(kind))) {
            recordEvent(tx, Events.ticketSlaBreached, { ...ticketFacts(ticket), breach, deadline: deadlines[breach]!.toISOString() }, { aggregateId: ticket.id, actor: 'sla-scheduler' });
            ticket.slaBreaches = [...ticket.slaBreaches, breach];
            ticket.breached = true;
            written.push(breach);
          }
          refreshNextDeadline(ticket, now, own);
        }
        return due.length;
      });
      // Committed: counted.
      published += written.length;
      for (const breach of written) this.published[breach] = (this.published[breach] ?? 0) + 1;
      if (batch < this.batchSize) return published;
    }
  }

  /** Prometheus text: breaches this replica published (committed), by kind. */
  metrics(): string {
    const lines = ['# HELP pm_sla_breaches_total SLA breaches published by this replica\'s scheduler, by deadline', '# TYPE pm_sla_breaches_total counter'];
    for (const [breach, count] of Object.entries(this.published)) lines.push(`pm_sla_breaches_total{service="tickets",breach="${breach}"} ${count}`);
    return `${lines.join('\n')}\n`;
  }
}
