import { BusinessCalendar } from '@pm/calendar';
import { Events, type PayloadOf } from '@pm/events';
import { defineHandler } from '@pm/subgraph';

type CallbackRecorded = PayloadOf<typeof Events.ticketCallbackRecorded>;

const calendar = new BusinessCalendar();

/**
 * tickets.ticket.callback_recorded → one more callback in its property, month and kind. Runs in the
 * consumer's transaction with the inbox row, so a redelivered event is never counted twice.
 */
export const callbackRecordedHandler = defineHandler(Events.ticketCallbackRecorded, async (em, callback) => {
  const month = calendar.localMonth(new Date(callback.at));
  const one = (satisfaction: CallbackRecorded['satisfaction']) => (callback.satisfaction === satisfaction ? 1 : 0);
  await em.getConnection().execute(
    `insert into callback_tally as t (property_id, month, kind, callbacks, satisfied, fairly_satisfied, dissatisfied, late)
     values (?, ?, ?, 1, ?, ?, ?, ?)
     on conflict (property_id, month, kind) do update set
       callbacks = t.callbacks + 1,
       satisfied = t.satisfied + excluded.satisfied,
       fairly_satisfied = t.fairly_satisfied + excluded.fairly_satisfied,
       dissatisfied = t.dissatisfied + excluded.dissatisfied,
       late = t.late + excluded.late`,
    [callback.propertyId, month, callback.kind, one('SATISFIED'), one('FAIRLY_SATISFIED'), one('DISSATISFIED'), callback.late ? 1 : 0],
    'run',
    em.getTransactionContext(),
  );
});
