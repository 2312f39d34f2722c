import { CHINA_HOLIDAYS } from './china';

/** Opening hours of one kind of day, `HH:MM` local time. */
export interface Hours {
  open: string;
  close: string;
}

/** A property's business calendar. Every value is a setting with the DOMAIN.md default. */
export interface CalendarSettings {
  /** The desk on working days. @default 08:00–17:30 */
  workdayHours: Hours;
  /** The desk on public holidays (it stays open, for less time). @default 08:00–16:30 */
  holidayHours: Hours | null;
  /** The desk on ordinary weekends. @default closed */
  weekendHours: Hours | null;
  /** Offset of the property's local time from UTC, minutes. @default 480 (China) */
  utcOffsetMinutes: number;
  /** Extra days off and make-up working days of this property, on top of the national ones. */
  extraHolidays: string[];
  extraMakeUpWorkdays: string[];
}

export const DEFAULT_CALENDAR: CalendarSettings = {
  workdayHours: { open: '08:00', close: '17:30' },
  holidayHours: { open: '08:00', close: '16:30' },
  weekendHours: null,
  utcOffsetMinutes: 480,
  extraHolidays: [],
  extraMakeUpWorkdays: [],
};

export type DayKind = 'WORKDAY' | 'HOLIDAY' | 'WEEKEND';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Whether `text` names a month, `YYYY-MM` (what monthly reports take). */
export const isMonth = (text: string): boolean => MONTH.test(text);

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

/**
 * Working days and working time of one property: a working day is a weekday that is not a public
 * holiday, or a make-up working day (调休); working time is the desk's opening hours, including the
 * shorter hours it keeps on public holidays.
 */
export class BusinessCalendar {
  private readonly holidays: Set<string>;
  private readonly makeUp: Set<string>;

  constructor(readonly settings: CalendarSettings = DEFAULT_CALENDAR) {
    this.holidays = new Set([...CHINA_HOLIDAYS.flatMap((y) => y.holidays), ...settings.extraHolidays]);
    this.makeUp = new Set([...CHINA_HOLIDAYS.flatMap((y) => y.makeUpWorkdays), ...settings.extraMakeUpWorkdays]);
  }

  /** The local calendar date of an instant, `YYYY-MM-DD`. */
  localDate(at: Date): string {
    return new Date(at.getTime() + this.settings.utcOffsetMinutes * MINUTE).toISOString().slice(0, 10);
  }

  /** The local date and time of an instant, `YYYY-MM-DD HH:MM`. */
  localDateTime(at: Date): string {
    return new Date(at.getTime() + this.settings.utcOffsetMinutes * MINUTE).toISOString().slice(0, 16).replace('T', ' ');
  }

  /**
   * The close of the working day `at` falls in ("the same day"): the desk's closing time that day if
   * it is still open (or not yet open), else the close of the next day it opens.
   */
  endOfWorkingDay(at: Date): Date {
    let date = this.localDate(at);
    for (let i = 0; i < 366; i++) {
      const hours = this.openingHours(date);
      if (hours) {
        const close = this.instant(date, hours.close);
        if (close > at) return close;
      }
      date = BusinessCalendar.nextDate(date);
    }
    throw new RangeError('the desk is never open');
  }

  /** The local month of an instant, `YYYY-MM` (what monthly reports group by). */
  localMonth(at: Date): string {
    return this.localDate(at).slice(0, 7);
  }

  /** A local calendar month `YYYY-MM` as the half-open range of instants [from, to). */
  monthRange(month: string): { from: Date; to: Date } {
    const match = MONTH.exec(month);
    if (!match) throw new RangeError(`${month} is not a month (YYYY-MM)`);
    const [year, mon] = [Number(match[1]), Number(match[2])];
    const next = mon === 12 ? `${year + 1}-01` : `${year}-${String(mon + 1).padStart(2, '0')}`;
    return { from: this.instant(`${month}-01`, 0), to: this.instant(`${next}-01`, 0) };
  }

  /** The instant of a local date at `minutes` after local midnight. */
  private instant(date: string, minutes: number): Date {
    return new Date(Date.parse(`${date}T00:00:00Z`) + (minutes - this.settings.utcOffsetMinutes) * MINUTE);
  }

  private minutesOfDay(at: Date): number {
    return ((at.getTime() / MINUTE + this.settings.utcOffsetMinutes) % DAY_MINUTES + DAY_MINUTES) % DAY_MINUTES;
  }

  private static nextDate(date: string): string {
    const d = new Date(`${date}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  }

  dayKind(date: string): DayKind {
    if (this.makeUp.has(date)) return 'WORKDAY';
    if (this.holidays.has(date)) return 'HOLIDAY';
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday === 0 || weekday === 6 ? 'WEEKEND' : 'WORKDAY';
  }

  isWorkingDay(date: string): boolean {
    return this.dayKind(date) === 'WORKDAY';
  }

  /** The desk's opening hours on a date, in minutes after local midnight, or null when closed. */
  openingHours(date: string): { open: number; close: number } | null {
    const kind = this.dayKind(date);
    const hours = kind === 'WORKDAY' ? this.settings.workdayHours : kind === 'HOLIDAY' ? this.settings.holidayHours : this.settings.weekendHours;
    return hours ? { open: toMinutes(hours.open), close: toMinutes(hours.close) } : null;
  }

  /** Length of a working day in minutes ("half a working day" is half of it). */
  get workdayMinutes(): number {
    return toMinutes(this.settings.workdayHours.close) - toMinutes(this.settings.workdayHours.open);
  }

  /** The instant `minutes` of desk opening time after `start` (time outside opening hours does not count). */
  addWorkingTime(start: Date, minutes: number): Date {
    let remaining = minutes;
    let date = this.localDate(start);
    let from = this.minutesOfDay(start);
    for (let guard = 0; guard < 3660; guard++) {
      const hours = this.openingHours(date);
      if (hours) {
        const begin = Math.max(from, hours.open);
        if (begin < hours.close) {
          const available = hours.close - begin;
          if (remaining <= available) return this.instant(date, begin + remaining);
          remaining -= available;
        }
      }
      date = BusinessCalendar.nextDate(date);
      from = 0;
    }
    throw new Error('No opening hours within ten years: check the calendar settings');
  }

  /** Desk opening minutes between two instants (0 if `to` is not after `from`). */
  workingMinutesBetween(from: Date, to: Date): number {
    let total = 0;
    let date = this.localDate(from);
    const last = this.localDate(to);
    for (let guard = 0; guard < 3660; guard++) {
      const hours = this.openingHours(date);
      if (hours) {
        const begin = date === this.localDate(from) ? Math.max(hours.open, this.minutesOfDay(from)) : hours.open;
        const end = date === last ? Math.min(hours.close, this.minutesOfDay(to)) : hours.close;
        if (end > begin) total += end - begin;
      }
      if (date >= last) return total;
      date = BusinessCalendar.nextDate(date);
    }
    return total;
  }

  /**
   * The same time of day `days` working days later; a start outside opening hours counts from the
   * next opening. Used for deadlines such as "within 3 working days".
   */
  addWorkingDays(start: Date, days: number): Date {
    let date = this.localDate(start);
    const workday = this.settings.workdayHours;
    let time = Math.min(Math.max(this.minutesOfDay(start), toMinutes(workday.open)), toMinutes(workday.close));
    if (this.minutesOfDay(start) > toMinutes(workday.close) || !this.isWorkingDay(date)) {
      // Received after hours or on a day off: the count starts at the next working day's opening.
      time = toMinutes(workday.open);
      if (this.minutesOfDay(start) > toMinutes(workday.close) && this.isWorkingDay(date)) date = BusinessCalendar.nextDate(date);
      while (!this.isWorkingDay(date)) date = BusinessCalendar.nextDate(date);
    }
    for (let counted = 0; counted < days; ) {
      date = BusinessCalendar.nextDate(date);
      if (this.isWorkingDay(date)) counted++;
    }
    return this.instant(date, time);
  }
}
