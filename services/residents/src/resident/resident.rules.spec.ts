import { isValidIdNumber, PHONE_PATTERN } from '@pm/graphql';

import { maskIdNumber, maskPhone } from './resident.rules';

describe('personal data', () => {
  it('masks a mobile number as 138****5678', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('masks an ID number as 4201**********1234', () => {
    expect(maskIdNumber('420101199001011234')).toBe('4201**********1234');
  });

  it('accepts mobiles and landlines, refuses the rest', () => {
    expect(PHONE_PATTERN.test('13812345678')).toBe(true);
    expect(PHONE_PATTERN.test('027-87654321')).toBe(true);
    expect(PHONE_PATTERN.test('12345')).toBe(false);
  });

  it('checks the ID number checksum', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
  });
});
