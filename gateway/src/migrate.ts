import { runMigrationCli } from '@pm/db';
import { createLogger } from '@pm/runtime';

import { ApiKey } from './api-keys/api-key.entity';
import { loadGatewayEnvironment } from './environment';
import { migrations } from './migrations';

const env = loadGatewayEnvironment();
runMigrationCli(process.argv[2], {
  serverUrl: env.DATABASE_URL,
  dbName: env.DATABASE_NAME,
  entities: [ApiKey],
  migrations,
  migrate: false,
  logger: createLogger('gateway-migrate', env.LOG_LEVEL),
  migrationsPath: `${__dirname}/migrations`,
}).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
