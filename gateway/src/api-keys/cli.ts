import 'reflect-metadata';

import { parseArgs } from 'node:util';

import { openDatabase } from '@pm/db';
import { createLogger } from '@pm/runtime';

import { loadGatewayToolEnvironment } from '../environment';
import { migrations } from '../migrations';
import { ApiKey } from './api-key.entity';
import { API_KEY_SCOPES, ApiKeyStore } from './api-key.store';

const USAGE = `Usage:
  npm run api-key -w gateway -- create --name "<integrator>" --scopes tickets:read,residents:read --properties <id>,<id> [--rate-limit <requests a minute>] [--json]
  npm run api-key -w gateway -- revoke --id <key id>
--properties is required: the property ids the key may read, or * for every property (said out loud: it is printed as a warning).
Scopes: ${API_KEY_SCOPES.join(', ')}`;

/** Creates or revokes integrator API keys; prints a new key once (only its hash is stored). */
async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' }, scopes: { type: 'string' }, properties: { type: 'string' }, id: { type: 'string' }, json: { type: 'boolean' }, 'rate-limit': { type: 'string' },
    },
  });
  // Beside `npm start`, the stack's own database (an embedded PostgreSQL's password included).
  const env = loadGatewayToolEnvironment();
  const orm = await openDatabase({ serverUrl: env.DATABASE_URL, dbName: env.DATABASE_NAME, entities: [ApiKey], migrations, migrate: true, logger: createLogger('api-key', 'warn') });
  try {
    const store = new ApiKeyStore(orm);
    if (positionals[0] === 'create' && values.name && values.scopes && values.properties) {
      const properties = values.properties.split(',').map((p) => p.trim()).filter(Boolean);
      if (properties.includes('*')) process.stderr.write('warning: this key may read EVERY property (--properties *)\n');
      const rateLimit = values['rate-limit'] === undefined ? undefined : Number(values['rate-limit']);
      const created = await store.create(values.name, values.scopes.split(',').map((s) => s.trim()), properties, rateLimit);
      process.stdout.write(values.json ? `${JSON.stringify(created)}\n` : `API key ${created.id} for ${values.name} (the key is shown once, keep it safe):\n${created.key}\n`);
    } else if (positionals[0] === 'revoke' && values.id) {
      if (!(await store.revoke(values.id))) throw new Error(`No active API key has the id ${values.id}`);
      process.stdout.write(`revoked ${values.id} (every gateway refuses it from now on)\n`);
    } else {
      process.stderr.write(`${USAGE}\n`);
      process.exitCode = 2;
    }
  } finally {
    await orm.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
