import { isValidPlate, normalisePlate } from './lease.rules';

describe('plates', () => {
  it.each(['粤B12345', '京A9C8D7', '沪AD12345', '浙A12345F', '粤B1234学'])('accepts %s', (plate) => {
    expect(isValidPlate(plate)).toBe(true);
  });

  it.each(['B12345', '粤B1234', '粤BI2345', '粤B123456789', 'AB12345'])('refuses %s', (plate) => {
    expect(isValidPlate(plate)).toBe(false);
  });

  it('normalises spacing and case', () => {
    expect(normalisePlate('粤b·123 45')).toBe('粤B12345');
  });
});
