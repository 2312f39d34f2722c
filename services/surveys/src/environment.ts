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
    /** The survey windows of a year (DOMAIN.md: 15–30 January and 1–15 July), `MM-DD/MM-DD,…`: a new survey's default. */
    SURVEY_WINDOWS: z.string().regex(/^\d{2}-\d{2}\/\d{2}-\d{2}(,\d{2}-\d{2}\/\d{2}-\d{2})*$/, 'MM-DD/MM-DD, comma-separated').default('01-15/01-30,07-01/07-15'),
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
