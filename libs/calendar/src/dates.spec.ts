import { addDays, addMonths } from './dates';

describe('local dates', () => {
  it('add days across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('add months, staying inside a shorter month', () => {
    expect(addMonths('2026-11-24', 3)).toBe('2027-02-24');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2027-12-31', 2)).toBe('2028-02-29');
  });
});
