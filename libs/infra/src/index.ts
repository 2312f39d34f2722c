export { findNats, NATS_HELP, startNatsServer, stopChild } from './nats';
export { NatsCluster } from './nats-cluster';
export type { FoundNats } from './nats';
export { findPostgres } from './postgres';
export type { FoundPostgres } from './postgres';
export { freePort, isPortOpen, waitFor } from './probe';
