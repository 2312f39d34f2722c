import { BusinessCalendar } from '@pm/calendar';
import { Events } from '@pm/events';
import { defineHandler } from '@pm/subgraph';

import { tallyIncrement } from './callback-tally.rules';

const calendar = new BusinessCalendar();

/**
 * tickets.ticket.callback_recorded → one more callback in its property, month and kind. Runs in the
 * consumer's transaction with the inbox row, so a redelivered event is never counted twice.
 */
export const callbackRecordedHandler = defineHandler(Events.ticketCallbackRecorded, async (em, callback) => {
  const row = tallyIncrement(callback, calendar);
  await em.getConnection().execute(
    `insert into callback_tally as t (property_id, month, kind, callbacks, satisfied, fairly_satisfied, dissatisfied, late)
     values (?, ?, ?, 1, ?, ?, ?, ?)
     on conflict (property_id, month, kind) do update set
       callbacks = t.callbacks + 1,
       satisfied = t.satisfied + excluded.satisfied,
       fairly_satisfied = t.fairly_satisfied + excluded.fairly_satisfied,
       dissatisfied = t.dissatisfied + excluded.dissatisfied,
       late = t.late + excluded.late`,
    [row.propertyId, row.month, row.kind, row.satisfied, row.fairlySatisfied, row.dissatisfied, row.late],
    'run',
    em.getTransactionContext(),
  );
});
