import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { booleanFlag, EVENT_NAMESPACE_PATTERN, loadEnvironment } from '@pm/runtime';
import { z } from 'zod';

/** What `npm start` and `npm test` read; everything else is passed on to the services as it is. */
export const localEnvironment = z.object({
  DATABASE_URL: z.string().url().optional(),
  NATS_URL: z.string().optional(),
  GATEWAY_PORT: z.coerce.number().int().min(1).max(65535).default(4000),
  /** The five subgraphs listen on this port and the four after it (tickets, residents, renovation, parking, surveys). */
  SERVICE_PORT_BASE: z.coerce.number().int().min(1).max(65530).default(4001),
  /**
   * The stack's name: databases are `<prefix>_tickets`, `<prefix>_residents`, …, `<prefix>_gateway`,
   * and its events are the namespace `<prefix>` on NATS (subjects `<prefix>.…`, stream
   * `<PREFIX>_EVENTS`), so a second stack on the same servers shares nothing with the first.
   */
  DATABASE_PREFIX: z.string().regex(EVENT_NAMESPACE_PATTERN, 'must be a lower-case identifier of at most 32 characters').default('pm'),
  /** Unset: generated on first start into .data/secrets.json and kept there. */
  JWT_SECRET: z.string().min(16).optional(),
  /** Unset: generated on first start into .data/secrets.json and kept there. */
  IDENTITY_SECRET: z.string().min(16).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * V8's semi-space for every child, in MiB (`--max-semi-space-size`): a larger young generation
   * collects a busy server's short-lived request objects less often (a 20-ticket page served about
   * 15% faster at 64 than at Node's default, for some 90 MiB more at its peak; issue 14).
   */
  NODE_SEMI_SPACE_MB: z.coerce.number().int().min(1).max(1024).default(64),
  /** Where the services' new durable consumers start (ISO time), passed on as it is; unset, at the stack's first event. */
  CONSUMER_START_AT: z.string().datetime({ offset: true }).optional(),
  /** Seed the demo property on first start. */
  SEED_DEMO: booleanFlag(true),
});

export type LocalEnvironment = z.infer<typeof localEnvironment>;

export const loadLocalEnvironment = (): LocalEnvironment => loadEnvironment(localEnvironment, process.env);

/** The environment children inherit, plus their own settings. */
export function childEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

/** The JWT and identity-signing secrets: from the environment, else generated once into `<dataDir>/secrets.json` (mode 600). */
export function localSecrets(env: LocalEnvironment, dataDir: string): { JWT_SECRET: string; IDENTITY_SECRET: string } {
  const file = join(dataDir, 'secrets.json');
  let stored: Partial<Record<'JWT_SECRET' | 'IDENTITY_SECRET', string>> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, 'utf8')) as typeof stored;
  const secrets = {
    JWT_SECRET: env.JWT_SECRET ?? stored.JWT_SECRET ?? randomBytes(32).toString('base64url'),
    IDENTITY_SECRET: env.IDENTITY_SECRET ?? stored.IDENTITY_SECRET ?? randomBytes(32).toString('base64url'),
  };
  if (!env.JWT_SECRET || !env.IDENTITY_SECRET) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify({ ...stored, ...(!env.JWT_SECRET ? { JWT_SECRET: secrets.JWT_SECRET } : {}), ...(!env.IDENTITY_SECRET ? { IDENTITY_SECRET: secrets.IDENTITY_SECRET } : {}) }, null, 2)}\n`, { mode: 0o600 });
  }
  return secrets;
}
