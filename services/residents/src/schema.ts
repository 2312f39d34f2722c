import { type SubgraphSchemaOptions } from '@pm/subgraph';

import { BuildingResolver, PropertyResolver } from './property/property.resolver';
import { loadResidents, ResidentResolver } from './resident/resident.resolver';
import { loadUnits, UnitResolver } from './unit/unit.resolver';
import { Building, Estate } from './property/property.entity';
import { inIdOrder } from '@pm/subgraph';

/** The residents subgraph: properties, buildings, units and the people in them. */
export const residentsSchema: SubgraphSchemaOptions = {
  resolvers: [PropertyResolver, BuildingResolver, UnitResolver, ResidentResolver],
  references: {
    Property: async (ids, ctx) => inIdOrder(ids, await ctx.em.find(Estate, { id: { $in: [...ids] } })),
    Building: async (ids, ctx) => inIdOrder(ids, await ctx.em.find(Building, { id: { $in: [...ids] } })),
    Unit: loadUnits,
    Resident: loadResidents,
  },
};
