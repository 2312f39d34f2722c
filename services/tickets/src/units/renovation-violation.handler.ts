import { nextDocumentNumber } from '@pm/db';
import { Events } from '@pm/events';
import { defineHandler } from '@pm/subgraph';

import { settingsOf, type TicketsSettings } from '../settings';
import { Ticket } from '../ticket/ticket.entity';
import { Channel, TicketKind } from '../ticket/ticket.enums';
import { recordOpening } from '../ticket/ticket.service';

/**
 * renovation.violation.recorded (SERIOUS) → a PATROL_FINDING ticket for the supervisor to follow the
 * rectification notice (装修整改通知书) through; MINOR ones stay warnings on the application.
 * `sourceRef` makes a replay a no-op.
 */
export const renovationViolationHandler = defineHandler<typeof Events.renovationViolationRecorded, TicketsSettings>(Events.renovationViolationRecorded, async (em, violation, { settings: company, event }) => {
  if (violation.severity !== 'SERIOUS') return;
  const sourceRef = `renovation-violation:${violation.violationId}`;
  if (await em.count(Ticket, { sourceRef })) return;
  const settings = await settingsOf({ em, settings: company }, violation.propertyId);
  const ticket = em.create(Ticket, {
    number: await nextDocumentNumber(em, 'ticket_number_seq', 'GD'),
    propertyId: violation.propertyId,
    kind: TicketKind.PATROL_FINDING,
    channel: Channel.INTEGRATION,
    title: `装修严重违章 ${violation.number}: ${violation.description}`.slice(0, 200),
    description: `Serious renovation violation on application ${violation.number} (rectification notice issued, penalty ${(violation.penaltyFen / 100).toFixed(2)} CNY): ${violation.description}`.slice(0, 2000),
    unitId: violation.unitId,
    reporterId: null,
    sourceRef,
    openedBy: 'renovation',
    createdAt: new Date(violation.at),
  });
  recordOpening(em, ticket, 'renovation', `serious violation on renovation ${violation.number}`, event.actor, settings);
});
