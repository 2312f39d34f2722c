import { booleanFlag, loadEnvironment } from '@pm/runtime';
import { z } from 'zod';

/** What `npm start` and `npm test` read; everything else is passed on to the services as it is. */
export const localEnvironment = z.object({
  DATABASE_URL: z.string().url().optional(),
  NATS_URL: z.string().optional(),
  GATEWAY_PORT: z.coerce.number().int().min(1).max(65535).default(4000),
  JWT_SECRET: z.string().min(16).default('dev-only-jwt-secret-change-me-please'),
  IDENTITY_SECRET: z.string().min(16).default('dev-only-identity-secret-change-me'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Seed the demo property on first start. */
  SEED_DEMO: booleanFlag(true),
});

export type LocalEnvironment = z.infer<typeof localEnvironment>;

export const loadLocalEnvironment = (): LocalEnvironment => loadEnvironment(localEnvironment, process.env);

/** The environment children inherit, plus their own settings. */
export function childEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}
