export type { SubgraphContext } from './context';
export { groupBy, inIdOrder } from './batch';
export { buildFederatedSchema } from './schema';
export type { BuiltSubgraph, ReferenceLoader, SubgraphSchemaOptions } from './schema';
export { startSubgraph } from './server';
export type { RunningSubgraph, SubgraphOptions } from './server';
