import { guardOf } from '@pm/identity';
import { inIdOrder, stubReferences, type SubgraphSchemaOptions } from '@pm/subgraph';

import { RenovationApplication } from './application/application.entity';
import { ContractorResolver, RenovationResolver, UnitRenovationsResolver } from './application/application.resolver';

/** The renovation subgraph: applications, permits, inspections, deposits. */
export const renovationSchema: SubgraphSchemaOptions = {
  resolvers: [RenovationResolver, ContractorResolver, UnitRenovationsResolver],
  references: {
    RenovationApplication: async (ids, ctx) => inIdOrder(ids, await ctx.em.find(RenovationApplication, { id: { $in: [...ids] } })),
    Unit: stubReferences,
  },
  guards: {
    RenovationApplication: guardOf('RenovationApplication', (application: RenovationApplication) => ({ propertyId: application.propertyId, unitId: application.unitId, residentId: application.applicantId })),
  },
};
