import { nextDocumentNumber } from '@pm/db';
import { Events } from '@pm/events';

import { defineHandler } from '@pm/subgraph';

import { settingsOf, type TicketsSettings } from '../settings';
import { queueNotifications } from '../notifications/notify';
import { Ticket } from '../ticket/ticket.entity';
import { Channel, RepairUrgency, TicketKind } from '../ticket/ticket.enums';
import { recordOpening } from '../ticket/ticket.service';

const DAY_MS = 86_400_000;

/** When a hand-over defect must be repaired: small ones the same working day, large ones within N days. */
export function defectDueBy(reportedAt: Date, large: boolean, { calendar, handover }: Pick<TicketsSettings, 'calendar' | 'handover'>): Date {
  return large ? calendar.endOfWorkingDay(new Date(reportedAt.getTime() + handover.largeDefectDays * DAY_MS)) : calendar.endOfWorkingDay(reportedAt);
}

/**
 * residents.handover.defect_reported → a REPAIR ticket for the defect (验房问题), due as the
 * hand-over procedure says; callbacks follow as for any repair. `sourceRef` makes a replay a no-op.
 */
export const handoverDefectHandler = defineHandler<typeof Events.handoverDefectReported, TicketsSettings>(Events.handoverDefectReported, async (em, defect, { settings: company, event, clock, receivedAt }) => {
  const sourceRef = `handover-defect:${defect.defectId}`;
  if (await em.count(Ticket, { sourceRef })) return;
  const settings = await settingsOf({ em, settings: company }, defect.propertyId);
  const reportedAt = new Date(defect.reportedAt);
  const ticket = em.create(Ticket, {
    number: await nextDocumentNumber(em, 'ticket_number_seq', 'GD'),
    propertyId: defect.propertyId,
    kind: TicketKind.REPAIR,
    channel: Channel.INTEGRATION,
    title: `入伙验房: ${defect.description}`.slice(0, 200),
    description: `${defect.large ? 'Large' : 'Small'} defect found at the hand-over inspection (${defect.description})`,
    unitId: defect.unitId,
    reporterId: defect.ownerId,
    urgency: RepairUrgency.NORMAL,
    promisedBy: defectDueBy(reportedAt, defect.large, settings),
    sourceRef,
    openedBy: 'hand-over',
    createdAt: reportedAt,
  });
  recordOpening(em, ticket, 'hand-over', `hand-over defect (${defect.large ? 'large' : 'small'}), due ${ticket.promisedBy!.toISOString()}`, event.actor, settings);
  // The engineers hear of it now, not at the next look at the board.
  await queueNotifications(em, event, defect.propertyId, defect.unitId, settings, clock.now(), receivedAt);
});
