import { inIdOrder, stubReferences, type SubgraphSchemaOptions } from '@pm/subgraph';

import { RenovationApplication } from './application/application.entity';
import { RenovationResolver, UnitRenovationsResolver } from './application/application.resolver';

/** The renovation subgraph: applications, permits, inspections, deposits. */
export const renovationSchema: SubgraphSchemaOptions = {
  resolvers: [RenovationResolver, UnitRenovationsResolver],
  references: {
    RenovationApplication: async (ids, ctx) => inIdOrder(ids, await ctx.em.find(RenovationApplication, { id: { $in: [...ids] } })),
    Unit: stubReferences,
  },
};
