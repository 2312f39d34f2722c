import { loadEnvironment, subgraphEnvironment } from '@pm/runtime';
import { z } from 'zod';

/** Every setting the surveys service reads. */
const share = (fallback: number) => z.coerce.number().min(0).max(1).default(fallback);

export const surveysEnvironment = subgraphEnvironment(
  { port: 4005, database: 'pm_surveys' },
  {
    /** Complaint satisfaction target from callbacks (DOMAIN.md: 90%). */
    TARGET_COMPLAINT_SATISFACTION: share(0.9),
    /** Repair satisfaction target from callbacks (DOMAIN.md: 95%). */
    TARGET_REPAIR_SATISFACTION: share(0.95),
  },
);

export type SurveysEnvironment = z.infer<typeof surveysEnvironment>;

export const loadSurveysEnvironment = (): SurveysEnvironment => loadEnvironment(surveysEnvironment, process.env);
