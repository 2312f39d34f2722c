import { loadEnvironment, subgraphEnvironment } from '@pm/runtime';
import { z } from 'zod';

const share = (fallback: number) => z.coerce.number().min(0).max(1).default(fallback);
const count = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/** Every setting the surveys service reads; the numbers are DOMAIN.md's, as named settings. */
export const surveysEnvironment = subgraphEnvironment(
  { port: 4005, database: 'pm_surveys' },
  {
    /** Complaint satisfaction target from callbacks (DOMAIN.md: 90%). */
    TARGET_COMPLAINT_SATISFACTION: share(0.9),
    /** Repair satisfaction target from callbacks (DOMAIN.md: 95%). */
    TARGET_REPAIR_SATISFACTION: share(0.95),
    /** A survey reaches at least this share of occupied units… */
    SURVEY_DISTRIBUTION_TARGET: share(0.6),
    /** …and at least this share of those comes back. */
    SURVEY_RETURN_TARGET: share(0.5),
    /** A category below this satisfaction gets a rectification. */
    SURVEY_CATEGORY_TARGET: share(0.8),
    /** A rectification is due this many days after the survey closes. */
    RECTIFICATION_DUE_DAYS: count(30),
    /** Which department answers for each category, `CATEGORY=DEPARTMENT,…` (unnamed ones keep the default). */
    RECTIFICATION_DEPARTMENTS: z.string().default(''),
    /** Each front-desk assistant visits at least this many households a month… */
    VISIT_MONTHLY_QUOTA: count(10),
    /** …and together at least this share of occupied units. */
    VISIT_COVERAGE: share(0.05),
  },
);

export type SurveysEnvironment = z.infer<typeof surveysEnvironment>;

export const loadSurveysEnvironment = (): SurveysEnvironment => loadEnvironment(surveysEnvironment, process.env);
