import { loadEnvironment, productionSecrets, serviceEnvironment } from '@pm/runtime';
import { z } from 'zod';

/** Every setting the residents service reads. */
export const residentsEnvironment = z
  .object({
    ...serviceEnvironment,
    PORT: z.coerce.number().int().min(0).max(65535).default(4002),
    DATABASE_NAME: z.string().default('pm_residents'),
  })
  .superRefine(productionSecrets);

export type ResidentsEnvironment = z.infer<typeof residentsEnvironment>;

export const loadResidentsEnvironment = (): ResidentsEnvironment => loadEnvironment(residentsEnvironment, process.env);
