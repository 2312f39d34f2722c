import { SurveyCategory } from './survey.enums';
import { belowTarget, categoryResults, nextWindow, overallRate, rate, visitSummary } from './survey.rules';

const WINDOWS = [['01-15', '01-30'], ['07-01', '07-15']] as const;

describe('survey windows', () => {
  it('the next semiannual window not yet closed', () => {
    expect(nextWindow('2026-11-23', WINDOWS)).toEqual({ opensOn: '2027-01-15', closesOn: '2027-01-30' });
    expect(nextWindow('2027-01-20', WINDOWS)).toEqual({ opensOn: '2027-01-15', closesOn: '2027-01-30' });
    expect(nextWindow('2027-01-31', WINDOWS)).toEqual({ opensOn: '2027-07-01', closesOn: '2027-07-15' });
    expect(nextWindow('2027-07-15', WINDOWS)).toEqual({ opensOn: '2027-07-01', closesOn: '2027-07-15' });
  });
});

describe('results', () => {
  const counts = [
    { category: 'WATER_SUPPLY', rating: 'SATISFIED', count: 20 }, { category: 'WATER_SUPPLY', rating: 'FAIRLY_SATISFIED', count: 10 }, { category: 'WATER_SUPPLY', rating: 'DISSATISFIED', count: 10 },
    { category: 'SANITATION', rating: 'SATISFIED', count: 39 }, { category: 'SANITATION', rating: 'DISSATISFIED', count: 1 },
  ];
  const results = categoryResults([SurveyCategory.WATER_SUPPLY, SurveyCategory.SANITATION, SurveyCategory.LANDSCAPING], counts, 0.8);

  it('satisfaction = (satisfied + fairly satisfied) / answers, per category, against the target', () => {
    expect(results.map((r) => [r.category, r.answers, r.satisfactionRate, r.met])).toEqual([['WATER_SUPPLY', 40, 0.75, false], ['SANITATION', 40, 0.975, true], ['LANDSCAPING', 0, null, null]]);
    expect(overallRate(results)).toBe(0.8625);
    expect(belowTarget(results).map((r) => r.category)).toEqual(['WATER_SUPPLY']);
    expect(rate(1, 3)).toBe(0.3333);
    expect(rate(0, 0)).toBe(0);
  });
});

describe('visit summary', () => {
  it('each assistant against the quota of 10; the total against 5% of occupied units, rounded up', () => {
    const summary = visitSummary([{ staffId: 'a', name: '王芳', visits: 12 }, { staffId: 'b', name: '李娜', visits: 7 }], 401, 10, 0.05);
    expect(summary.staff.map((s) => [s.name, s.met, s.short])).toEqual([['王芳', true, 0], ['李娜', false, 3]]);
    expect(summary).toMatchObject({ total: 19, required: 21, totalMet: false, short: ['李娜'] });
  });
});
