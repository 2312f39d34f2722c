import 'reflect-metadata';
import { join } from 'node:path';

import { runMigrationCli } from '@pm/db';
import { createLogger } from '@pm/runtime';

import { residentsEntities } from './app';
import { loadResidentsEnvironment } from './environment';
import { migrations } from './migrations';

const env = loadResidentsEnvironment();
runMigrationCli(process.argv[2], {
  serverUrl: env.DATABASE_URL,
  dbName: env.DATABASE_NAME,
  entities: residentsEntities,
  migrations,
  migrate: false,
  logger: createLogger('residents-migrate', env.LOG_LEVEL),
  migrationsPath: join(__dirname, 'migrations'),
}).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
