import { BusinessCalendar, DEFAULT_CALENDAR } from './calendar';

/** China time, written as the desk reads it. */
const cst = (local: string) => new Date(`${local}+08:00`);
const iso = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('BusinessCalendar (China, DOMAIN.md defaults)', () => {
  const calendar = new BusinessCalendar();

  it('writes an instant as the property’s local date and time', () => {
    expect(calendar.localDateTime(new Date('2026-11-20T16:30:00Z'))).toBe('2026-11-21 00:30');
    expect(new BusinessCalendar({ ...DEFAULT_CALENDAR, utcOffsetMinutes: 0 }).localDateTime(new Date('2026-11-20T16:30:00Z'))).toBe('2026-11-20 16:30');
  });

  it('knows public holidays, weekends and make-up working days (调休)', () => {
    expect(calendar.dayKind('2026-10-01')).toBe('HOLIDAY');
    expect(calendar.dayKind('2026-10-10')).toBe('WORKDAY'); // a Saturday worked for National Day
    expect(calendar.dayKind('2026-09-20')).toBe('WORKDAY'); // a Sunday worked for National Day
    expect(calendar.dayKind('2026-11-21')).toBe('WEEKEND');
    expect(calendar.dayKind('2026-11-23')).toBe('WORKDAY');
    expect(calendar.dayKind('2025-01-26')).toBe('WORKDAY');
    expect(calendar.dayKind('2025-01-29')).toBe('HOLIDAY'); // Spring Festival
  });

  it('opens 08:00–17:30 on working days, 08:00–16:30 on public holidays, closed on weekends', () => {
    expect(calendar.openingHours('2026-11-23')).toEqual({ open: 480, close: 1050 });
    expect(calendar.openingHours('2026-10-02')).toEqual({ open: 480, close: 990 });
    expect(calendar.openingHours('2026-11-22')).toBeNull();
  });

  it('half a working day from Friday afternoon runs into Monday morning', () => {
    const half = calendar.workdayMinutes / 2; // 4 h 45 min
    expect(iso(calendar.addWorkingTime(cst('2026-11-20T15:00:00'), half))).toBe('2026-11-23 10:15');
  });

  it('working time received before opening starts at opening; after closing, the next open day', () => {
    expect(iso(calendar.addWorkingTime(cst('2026-11-23T06:30:00'), 30))).toBe('2026-11-23 08:30');
    expect(iso(calendar.addWorkingTime(cst('2026-11-23T19:00:00'), 30))).toBe('2026-11-24 08:30');
  });

  it('a deadline one working day after 30 September 2026 skips the National Day week to 8 October', () => {
    expect(iso(calendar.addWorkingDays(cst('2026-09-30T10:00:00'), 1))).toBe('2026-10-08 10:00');
    // 3 working days: 8 Oct (Thu), 9 Oct (Fri), 10 Oct (the make-up Saturday).
    expect(iso(calendar.addWorkingDays(cst('2026-09-30T10:00:00'), 3))).toBe('2026-10-10 10:00');
  });

  it('working time during National Day counts the desk’s shorter holiday hours', () => {
    // 30 Sep 16:00 → 17:30 is 90 min; the rest (195 min) from 1 Oct 08:00 (holiday hours).
    expect(iso(calendar.addWorkingTime(cst('2026-09-30T16:00:00'), 285))).toBe('2026-10-01 11:15');
  });

  it('a day off received after hours counts from the next working day', () => {
    expect(iso(calendar.addWorkingDays(cst('2026-11-20T18:00:00'), 1))).toBe('2026-11-24 08:00');
    expect(iso(calendar.addWorkingDays(cst('2026-11-22T11:00:00'), 1))).toBe('2026-11-24 08:00');
  });

  it('counts opening minutes between two instants across days', () => {
    expect(calendar.workingMinutesBetween(cst('2026-11-20T17:00:00'), cst('2026-11-23T09:00:00'))).toBe(30 + 60);
    expect(calendar.workingMinutesBetween(cst('2026-11-23T09:00:00'), cst('2026-11-23T08:00:00'))).toBe(0);
  });

  it('a property can add its own days off and change its hours', () => {
    const own = new BusinessCalendar({ ...DEFAULT_CALENDAR, extraHolidays: ['2026-11-23'], workdayHours: { open: '09:00', close: '18:00' }, holidayHours: null });
    expect(own.dayKind('2026-11-23')).toBe('HOLIDAY');
    expect(iso(own.addWorkingTime(cst('2026-11-20T17:00:00'), 120))).toBe('2026-11-24 10:00');
  });

  it('round-trips addWorkingTime and workingMinutesBetween', () => {
    const start = cst('2026-12-31T15:20:00');
    for (const minutes of [1, 60, 285, 570, 2000]) {
      expect(calendar.workingMinutesBetween(start, calendar.addWorkingTime(start, minutes))).toBe(minutes);
    }
  });

  it('gives a local month as a range of instants (monthly reports), December rolling into the next year', () => {
    expect(calendar.monthRange('2026-10')).toEqual({ from: new Date('2026-09-30T16:00:00Z'), to: new Date('2026-10-31T16:00:00Z') });
    expect(calendar.monthRange('2026-12').to).toEqual(new Date('2026-12-31T16:00:00Z'));
    expect(calendar.localMonth(new Date('2026-10-31T16:30:00Z'))).toBe('2026-11');
    expect(() => calendar.monthRange('2026-13')).toThrow(RangeError);
  });

  it('ends the working day at the close, moving past closed days (a Saturday evening → Monday 17:30)', () => {
    expect(calendar.endOfWorkingDay(new Date('2026-11-20T02:00:00Z'))).toEqual(new Date('2026-11-20T09:30:00Z'));
    expect(calendar.endOfWorkingDay(new Date('2026-11-20T10:00:00Z'))).toEqual(new Date('2026-11-23T09:30:00Z'));
    // National Day holiday: the desk closes at 16:30.
    expect(calendar.endOfWorkingDay(new Date('2026-10-02T01:00:00Z'))).toEqual(new Date('2026-10-02T08:30:00Z'));
  });
});
