import 'reflect-metadata';

import { createLogger, exitOnSignals } from '@pm/runtime';

import { startResidents } from './app';
import { loadResidentsEnvironment } from './environment';

async function main(): Promise<void> {
  const env = loadResidentsEnvironment();
  const logger = createLogger('residents', env.LOG_LEVEL);
  const service = await startResidents(env, logger);
  exitOnSignals(() => [{ name: 'residents', close: () => service.close() }], logger);
}

main().catch((error: unknown) => {
  process.stderr.write(`residents failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
