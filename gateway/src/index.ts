export { ApiKeyStore } from './api-keys/api-key.store';
export { composeSupergraph, readSupergraph } from './compose';
export { gatewayEnvironment } from './environment';
export type { GatewayEnvironment } from './environment';
export { startGateway } from './server';
export type { RunningGateway } from './server';
