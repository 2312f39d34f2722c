import { type BusinessCalendar } from '@pm/calendar';
import { type Events, type PayloadOf } from '@pm/events';

type CallbackRecorded = PayloadOf<typeof Events.ticketCallbackRecorded>;

/** What one callback adds to its tally: the row's key (property, local month, kind) and one count per column. */
export interface TallyIncrement {
  propertyId: string;
  month: string;
  kind: string;
  satisfied: number;
  fairlySatisfied: number;
  dissatisfied: number;
  late: number;
}

/** One callback as a tally increment; its month is the property's local (China) month, not UTC's. */
export function tallyIncrement(callback: CallbackRecorded, calendar: BusinessCalendar): TallyIncrement {
  const one = (satisfaction: CallbackRecorded['satisfaction']) => (callback.satisfaction === satisfaction ? 1 : 0);
  return {
    propertyId: callback.propertyId,
    month: calendar.localMonth(new Date(callback.at)),
    kind: callback.kind,
    satisfied: one('SATISFIED'),
    fairlySatisfied: one('FAIRLY_SATISFIED'),
    dissatisfied: one('DISSATISFIED'),
    late: callback.late ? 1 : 0,
  };
}
