import { BusinessCalendar } from '@pm/calendar';

import { tallyIncrement } from './callback-tally.rules';

const callback = {
  ticketId: '01a2054f-4e47-7000-8cc8-f9e388997d59', number: 'GD-1', propertyId: '01a2054f-4e47-7000-8cc8-f9e388997d5a', kind: 'REPAIR' as const, status: 'CLOSED',
  unitId: null, reporterId: null, department: null, severity: null, satisfaction: 'FAIRLY_SATISFIED' as const, resolved: true, at: '2026-11-30T17:00:00.000Z',
};

describe('service satisfaction tally', () => {
  it('a callback made at 01:00 on 1 December in China counts in December, not in UTC November', () => {
    expect(tallyIncrement(callback, new BusinessCalendar())).toEqual({
      propertyId: callback.propertyId, month: '2026-12', kind: 'REPAIR', satisfied: 0, fairlySatisfied: 1, dissatisfied: 0, late: 0,
    });
  });

  it('a late callback counts as late; events from before `late` existed count as on time', () => {
    expect(tallyIncrement({ ...callback, late: true }, new BusinessCalendar()).late).toBe(1);
    expect(tallyIncrement({ ...callback, late: undefined }, new BusinessCalendar()).late).toBe(0);
  });
});
