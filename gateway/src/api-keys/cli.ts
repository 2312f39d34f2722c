import 'reflect-metadata';

import { parseArgs } from 'node:util';

import { openDatabase } from '@pm/db';
import { createLogger } from '@pm/runtime';

import { loadGatewayEnvironment } from '../environment';
import { migrations } from '../migrations';
import { ApiKey } from './api-key.entity';
import { API_KEY_SCOPES, ApiKeyStore } from './api-key.store';

const USAGE = `Usage:
  npm run api-key -- create --name "<integrator>" --scopes tickets:read,residents:read [--properties <id>,<id>|*]
  npm run api-key -- revoke --id <key id>
Scopes: ${API_KEY_SCOPES.join(', ')}`;

/** Creates or revokes integrator API keys; prints a new key once (only its hash is stored). */
async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { name: { type: 'string' }, scopes: { type: 'string' }, properties: { type: 'string' }, id: { type: 'string' }, json: { type: 'boolean' } },
  });
  const env = loadGatewayEnvironment();
  const orm = await openDatabase({ serverUrl: env.DATABASE_URL, dbName: env.DATABASE_NAME, entities: [ApiKey], migrations, migrate: true, logger: createLogger('api-key', 'warn') });
  try {
    const store = new ApiKeyStore(orm);
    if (positionals[0] === 'create' && values.name && values.scopes) {
      const created = await store.create(values.name, values.scopes.split(','), (values.properties ?? '*').split(','));
      process.stdout.write(values.json ? `${JSON.stringify(created)}\n` : `API key for ${values.name} (shown once, keep it safe):\n${created.key}\n`);
    } else if (positionals[0] === 'revoke' && values.id) {
      await store.revoke(values.id);
      process.stdout.write(`revoked ${values.id}\n`);
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
