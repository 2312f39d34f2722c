import { addDays, addMonths } from '@pm/calendar';

/** Province abbreviations that open a mainland plate. */
const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const LETTER = 'A-HJ-NP-Z';
const ORDINARY = new RegExp(`^[${PROVINCES}][${LETTER}][${LETTER}0-9]{4}[${LETTER}0-9挂学警港澳]$`);
const NEW_ENERGY = new RegExp(`^[${PROVINCES}][${LETTER}]([DF][${LETTER}0-9][0-9]{4}|[0-9]{5}[DF])$`);

/** A valid mainland plate: 7 characters, or 8 for a new-energy vehicle (新能源). */
export function isValidPlate(plate: string): boolean {
  return ORDINARY.test(plate) || NEW_ENERGY.test(plate);
}

/** Plates are compared and stored upper-case without spaces or the separator dot. */
export function normalisePlate(plate: string): string {
  return plate.replace(/[\s·.]/g, '').toUpperCase();
}

/** The period a payment covers: `months` from `startsOn`, to the day before the same date (1 Dec → 31 Dec). */
export function periodOf(startsOn: string, months: number): { startsOn: string; endsOn: string } {
  return { startsOn, endsOn: addDays(addMonths(startsOn, months), -1) };
}

/** The period a renewal covers: the next term from the day after the current end. */
export function renewalOf(currentEnd: string, months: number): { startsOn: string; endsOn: string } {
  return periodOf(addDays(currentEnd, 1), months);
}
