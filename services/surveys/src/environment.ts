import { loadEnvironment, subgraphEnvironment } from '@pm/runtime';
import { type z } from 'zod';

/** Every setting the surveys service reads. */
export const surveysEnvironment = subgraphEnvironment({ port: 4005, database: 'pm_surveys' });

export type SurveysEnvironment = z.infer<typeof surveysEnvironment>;

export const loadSurveysEnvironment = (): SurveysEnvironment => loadEnvironment(surveysEnvironment, process.env);
