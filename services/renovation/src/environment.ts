import { loadEnvironment, subgraphEnvironment } from '@pm/runtime';
import { type z } from 'zod';

/** Every setting the renovation service reads. */
export const renovationEnvironment = subgraphEnvironment({ port: 4003, database: 'pm_renovation' });

export type RenovationEnvironment = z.infer<typeof renovationEnvironment>;

export const loadRenovationEnvironment = (): RenovationEnvironment => loadEnvironment(renovationEnvironment, process.env);
