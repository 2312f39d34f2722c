import 'reflect-metadata';

import { createLogger, exitOnSignals } from '@pm/runtime';

import { loadGatewayEnvironment } from './environment';
import { startGateway } from './server';

const env = loadGatewayEnvironment();
const logger = createLogger('gateway', env.LOG_LEVEL);
startGateway(env, logger)
  .then((gateway) => exitOnSignals(() => [{ name: 'gateway', close: () => gateway.close() }], logger))
  .catch((error: unknown) => {
    process.stderr.write(`gateway failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
