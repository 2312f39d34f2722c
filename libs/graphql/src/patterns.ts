/** Mainland mobile numbers (11 digits) and landlines with area code (0xx-xxxxxxxx). */
export const PHONE_PATTERN = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

export const PHONE_MESSAGE = 'phone must be a mobile number (11 digits) or a landline with area code';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The check digit of an 18-digit resident identity card number, from its first 17 digits (GB 11643). */
export function idNumberCheckDigit(first17: string): string {
  return ID_CHECK[ID_WEIGHTS.reduce((total, weight, i) => total + weight * Number(first17[i]), 0) % 11];
}

/** A valid 18-digit resident identity card number, checksum included. */
export function isValidIdNumber(value: string): boolean {
  return /^\d{17}[\dX]$/.test(value) && idNumberCheckDigit(value.slice(0, 17)) === value[17];
}
