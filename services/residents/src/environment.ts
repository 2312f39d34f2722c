import { loadEnvironment, subgraphEnvironment } from '@pm/runtime';
import { type z } from 'zod';

/** Every setting the residents service reads. */
export const residentsEnvironment = subgraphEnvironment({ port: 4002, database: 'pm_residents' });

export type ResidentsEnvironment = z.infer<typeof residentsEnvironment>;

export const loadResidentsEnvironment = (): ResidentsEnvironment => loadEnvironment(residentsEnvironment, process.env);
