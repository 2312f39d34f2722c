import 'reflect-metadata';

import { createLogger, type EnvironmentError, exitOnSignals, refuseDevelopmentSecrets } from '@pm/runtime';

import { loadGatewayEnvironment } from './environment';
import { startGateway } from './server';

const env = loadGatewayEnvironment();
try {
  refuseDevelopmentSecrets(env, ['JWT_SECRET', 'IDENTITY_SECRET']);
} catch (error) {
  process.stderr.write(`${(error as EnvironmentError).message}\n`);
  process.exit(1);
}
const logger = createLogger('gateway', env.LOG_LEVEL);
startGateway(env, logger)
  .then((gateway) => exitOnSignals(() => [{ name: 'gateway', close: () => gateway.close() }], logger))
  .catch((error: unknown) => {
    process.stderr.write(`gateway failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
