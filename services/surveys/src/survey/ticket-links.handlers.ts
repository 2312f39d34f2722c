import { Events } from '@pm/events';
import { defineHandler } from '@pm/subgraph';

import { Visit } from '../visits/visit.entity';
import { Rectification } from './survey.entity';
import { RectificationStatus } from './survey.enums';

/** A ticket's status as its rectification's. */
export function rectificationStatusOf(ticketStatus: string): RectificationStatus {
  if (ticketStatus === 'RESOLVED' || ticketStatus === 'CLOSED') return RectificationStatus.DONE;
  if (ticketStatus === 'REJECTED') return RectificationStatus.REJECTED;
  if (ticketStatus === 'NEW') return RectificationStatus.OPEN;
  return RectificationStatus.IN_PROGRESS;
}

/** tickets.ticket.opened for a rectification or a visit (by its sourceRef) → which ticket is theirs. */
export const ticketOpenedHandler = defineHandler(Events.ticketOpened, async (em, { ticketId, sourceRef }) => {
  const [kind, id] = (sourceRef ?? '').split(':');
  if (kind === 'rectification' && id) await em.nativeUpdate(Rectification, { id }, { ticketId });
  if (kind === 'visit' && id) await em.nativeUpdate(Visit, { id }, { ticketId });
}, { when: ({ sourceRef }) => Boolean(sourceRef?.startsWith('rectification:') || sourceRef?.startsWith('visit:')) });

/** tickets.ticket.status_changed → a rectification follows its ticket (to DONE when it is resolved). */
export const ticketStatusChangedHandler = defineHandler(Events.ticketStatusChanged, async (em, { ticketId, status }) => {
  await em.nativeUpdate(Rectification, { ticketId }, { status: rectificationStatusOf(status) });
}, { when: ({ kind }) => kind === 'RECTIFICATION' });
