import { type SubgraphContext } from './context';

/** Reference loader for an entity this subgraph only extends: the representation is all it needs. */
export const stubReferences = async (ids: readonly string[], _ctx: SubgraphContext) => ids.map((id) => ({ id }));
