import { settingsChanges } from './settings-audit';

describe('settingsChanges: what an edit of a property’s settings changed', () => {
  it('lists each setting set, changed or returned to the default (null), and nothing that stayed', () => {
    expect(settingsChanges(
      { workdayHours: { open: '08:00', close: '17:30' }, 'sla.dispatchMinutes': 30, prepaidMonths: 6 },
      { workdayHours: { open: '08:00', close: '17:30' }, 'sla.dispatchMinutes': 20, callbackRateTarget: 0.9 },
    )).toEqual({
      'sla.dispatchMinutes': { from: 30, to: 20 },
      prepaidMonths: { from: 6, to: null },
      callbackRateTarget: { from: null, to: 0.9 },
    });
    expect(settingsChanges({ a: [1, 2] }, { a: [1, 2] })).toEqual({});
  });
});
