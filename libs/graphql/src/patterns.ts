/** Mainland mobile numbers (11 digits) and landlines with area code (0xx-xxxxxxxx). */
export const PHONE_PATTERN = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

export const PHONE_MESSAGE = 'phone must be a mobile number (11 digits) or a landline with area code';
