export type { SubgraphContext } from './context';
export { groupBy, inIdOrder } from './batch';
export { buildFederatedSchema } from './schema';
export type { BuiltSubgraph, ReferenceLoader, SubgraphSchemaOptions } from './schema';
export { startSubgraph } from './server';
export type { RunningSubgraph, SubgraphOptions } from './server';
export { runMigrationMain, runServiceMain, startService } from './service';
export type { RunningService, ServiceDefinition, SubgraphEnvironment } from './service';
export { stubReferences } from './stubs';
