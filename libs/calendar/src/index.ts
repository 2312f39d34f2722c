export { BusinessCalendar, DEFAULT_CALENDAR, isMonth } from './calendar';
export type { CalendarSettings, DayKind, Hours } from './calendar';
export { CHINA_HOLIDAYS } from './china';
export type { HolidaySchedule } from './china';
export { systemClock, TestClock } from './clock';
export type { Clock } from './clock';
export { addDays, addMonths } from './dates';
