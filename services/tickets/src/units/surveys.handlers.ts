import { nextDocumentNumber } from '@pm/db';
import { Events } from '@pm/events';
import { defineHandler } from '@pm/subgraph';

import { settingsOf, type TicketsSettings } from '../settings';
import { queueNotifications } from '../notifications/notify';
import { Ticket } from '../ticket/ticket.entity';
import { Channel, TicketKind } from '../ticket/ticket.enums';
import { recordOpening } from '../ticket/ticket.service';

const CATEGORY_NAMES: Record<string, string> = {
  POWER_SUPPLY: '供电', WATER_SUPPLY: '供水', FIRE_AND_SECURITY: '消防安全', SANITATION: '环境卫生', LANDSCAPING: '绿化',
  PUBLIC_FACILITIES: '公共设施', REPAIR_SERVICE: '维修服务', SERVICE_ATTITUDE: '服务态度',
};

/**
 * surveys.rectification.created → a RECTIFICATION ticket (整改) for the department, due on the
 * rectification's date; its status flows back to the rectification. `sourceRef` makes a replay a no-op.
 */
export const rectificationHandler = defineHandler<typeof Events.rectificationCreated, TicketsSettings>(Events.rectificationCreated, async (em, r, { settings: company, event, clock, receivedAt }) => {
  const sourceRef = `rectification:${r.rectificationId}`;
  if (await em.count(Ticket, { sourceRef })) return;
  const settings = await settingsOf({ em, settings: company }, r.propertyId);
  const ticket = em.create(Ticket, {
    number: await nextDocumentNumber(em, 'ticket_number_seq', 'GD', clock.now()),
    propertyId: r.propertyId,
    kind: TicketKind.RECTIFICATION,
    channel: Channel.INTEGRATION,
    title: `满意度整改: ${CATEGORY_NAMES[r.category] ?? r.category} (${(r.satisfactionRate * 100).toFixed(1)}%)`,
    description: r.action.slice(0, 2000),
    promisedBy: settings.calendar.endOfWorkingDay(new Date(`${r.dueOn}T00:00:00+08:00`)),
    sourceRef,
    openedBy: 'surveys',
    createdAt: clock.now(),
  });
  recordOpening(em, ticket, 'surveys', `rectification for ${r.department}, due ${r.dueOn}`, event.actor, settings);
  await queueNotifications(em, event, r.propertyId, null, settings, clock.now(), receivedAt);
});

/** surveys.visit.action_needed → a REQUEST ticket for what the visited household asked (走访反馈). */
export const visitActionHandler = defineHandler<typeof Events.visitActionNeeded, TicketsSettings>(Events.visitActionNeeded, async (em, v, { settings: company, event }) => {
  const sourceRef = `visit:${v.visitId}`;
  if (await em.count(Ticket, { sourceRef })) return;
  const settings = await settingsOf({ em, settings: company }, v.propertyId);
  const ticket = em.create(Ticket, {
    number: await nextDocumentNumber(em, 'ticket_number_seq', 'GD', new Date(v.at)),
    propertyId: v.propertyId,
    kind: TicketKind.REQUEST,
    channel: Channel.VISIT,
    title: `走访反馈: ${v.topics}`.slice(0, 200),
    description: 'Raised on a household visit; see the visit record for the feedback',
    unitId: v.unitId,
    reporterId: v.residentId,
    sourceRef,
    openedBy: 'surveys',
    createdAt: new Date(v.at),
  });
  recordOpening(em, ticket, 'surveys', 'household visit feedback needing action', event.actor, settings);
});
