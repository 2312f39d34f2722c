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
            published += 1;
          }
          refreshNextDeadline(ticket, now, own);
        }
        return due.length;
      });
      if (batch < this.batchSize) return published;
    }
  }
}
