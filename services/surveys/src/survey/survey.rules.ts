import { type SurveyCategory } from './survey.enums';

/** The next survey window (`[open MM-DD, close MM-DD]` of each year, in order) that has not closed by `today` (a local date). */
export function nextWindow(today: string, windows: readonly (readonly [string, string])[]): { opensOn: string; closesOn: string } {
  const year = Number(today.slice(0, 4));
  for (const y of [year, year + 1]) {
    for (const [open, close] of windows) {
      if (`${y}-${close}` >= today) return { opensOn: `${y}-${open}`, closesOn: `${y}-${close}` };
    }
  }
  throw new RangeError(today);
}

/** A share rounded to 4 places (0.8125); 0 of nothing is 0. */
export const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 10_000) / 10_000 : 0);

export interface RatingCount {
  category: string;
  rating: string;
  count: number;
}

export interface CategoryResult {
  category: SurveyCategory;
  satisfied: number;
  fairlySatisfied: number;
  dissatisfied: number;
  answers: number;
  /** (SATISFIED + FAIRLY_SATISFIED) / answers; null without answers. */
  satisfactionRate: number | null;
  target: number;
  /** Null without answers. */
  met: boolean | null;
}

/** Per category, in the survey's order: the three counts and the satisfaction rate against the target. */
export function categoryResults(categories: readonly SurveyCategory[], counts: readonly RatingCount[], target: number): CategoryResult[] {
  return categories.map((category) => {
    const of = (rating: string) => counts.find((c) => c.category === category && c.rating === rating)?.count ?? 0;
    const [satisfied, fairlySatisfied, dissatisfied] = [of('SATISFIED'), of('FAIRLY_SATISFIED'), of('DISSATISFIED')];
    const answers = satisfied + fairlySatisfied + dissatisfied;
    const satisfactionRate = answers ? rate(satisfied + fairlySatisfied, answers) : null;
    return { category, satisfied, fairlySatisfied, dissatisfied, answers, satisfactionRate, target, met: satisfactionRate === null ? null : satisfactionRate >= target };
  });
}

/** Every answer of every category together; null without answers. */
export function overallRate(results: readonly CategoryResult[]): number | null {
  const answers = results.reduce((n, r) => n + r.answers, 0);
  return answers ? rate(results.reduce((n, r) => n + r.satisfied + r.fairlySatisfied, 0), answers) : null;
}

/** Categories that fell short of the target (those without answers are not judged). */
export const belowTarget = (results: readonly CategoryResult[]) => results.filter((r) => r.met === false);

export interface StaffVisits {
  staffId: string;
  name: string;
  visits: number;
}

/**
 * 走访 summary: each assistant against the monthly quota, the total against the coverage share of
 * occupied units (rounded up), and who is short.
 */
export function visitSummary(staff: readonly StaffVisits[], occupiedUnits: number, quota: number, coverage: number) {
  const rows = [...staff].sort((a, b) => b.visits - a.visits || a.name.localeCompare(b.name)).map((s) => ({ ...s, quota, met: s.visits >= quota, short: Math.max(quota - s.visits, 0) }));
  const total = staff.reduce((n, s) => n + s.visits, 0);
  const required = Math.ceil(occupiedUnits * coverage);
  return { staff: rows, total, occupiedUnits, required, coverage, totalMet: total >= required, short: rows.filter((r) => !r.met).map((r) => r.name) };
}
