import { findForRead } from '@pm/db';
import { guardOf } from '@pm/identity';
import { inIdOrder, stubReferences, type SubgraphSchemaOptions } from '@pm/subgraph';

import { RenovationApplication } from './application/application.entity';
import { ContractorResolver, RenovationResolver, UnitRenovationsResolver, WorkerPassResolver } from './application/application.resolver';
import { RenovationWorksResolver } from './works/works.resolver';

/** The renovation subgraph: applications, permits, inspections, deposits. */
export const renovationSchema: SubgraphSchemaOptions = {
  resolvers: [RenovationResolver, RenovationWorksResolver, ContractorResolver, WorkerPassResolver, UnitRenovationsResolver],
  references: {
    RenovationApplication: async (ids, ctx) => inIdOrder(ids, await findForRead(ctx.em, RenovationApplication, { id: { $in: [...ids] } })),
    Unit: stubReferences,
  },
  guards: {
    RenovationApplication: guardOf('RenovationApplication', (application: RenovationApplication) => ({ propertyId: application.propertyId, unitId: application.unitId, residentId: application.applicantId })),
  },
  uniqueConstraints: {
    renovation_application_one_live_per_unit: { reason: 'RENOVATION_IN_PROGRESS', message: 'The unit already has a renovation under way' },
    renovation_application_receipt_no_unique: { reason: 'RECEIPT_USED', message: 'This receipt number has already been used' },
  },
};
