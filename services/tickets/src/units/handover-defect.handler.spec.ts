import { ticketsEnvironment } from '../environment';
import { ticketsSettings } from '../settings';
import { defectDueBy } from './handover-defect.handler';

const settings = ticketsSettings(ticketsEnvironment.parse({}));

describe('hand-over defects (验房问题)', () => {
  it('a small defect is due the same working day; a large one by the end of the working day 7 days on', () => {
    // Monday 16 November 2026, 10:00 in China.
    const reported = new Date('2026-11-16T02:00:00Z');
    expect(defectDueBy(reported, false, settings).toISOString()).toBe('2026-11-16T09:30:00.000Z');
    expect(defectDueBy(reported, true, settings).toISOString()).toBe('2026-11-23T09:30:00.000Z');
  });

  it('settings: the large-defect days come from the settings', () => {
    const reported = new Date('2026-11-16T02:00:00Z');
    expect(defectDueBy(reported, true, { ...settings, handover: { largeDefectDays: 1 } }).toISOString()).toBe('2026-11-17T09:30:00.000Z');
  });
});
