import { findForRead } from '@pm/db';
import { inIdOrder, type SubgraphSchemaOptions } from '@pm/subgraph';
import { PatrolResolver } from './patrol/patrol.resolver';
import { HandoverSettingsResolver } from './property/handover-settings';

import { residentsGuards } from './access';
import { HandoverResolver, UnitHandoverResolver } from './handover/handover.resolver';
import { ImportResolver } from './import/import.resolver';
import { OccupancyResolver, UnitOccupancyResolver } from './occupancy/occupancy.resolver';
import { PiiResolver } from './pii/pii.resolver';
import { ItemReleaseResolver } from './release/item-release.resolver';
import { ResidencyResolver } from './resident/residency.resolver';
import { VisitorResolver } from './visitors/visitor.resolver';

import { BuildingResolver, PropertyResolver } from './property/property.resolver';
import { loadResidents, ResidentResolver } from './resident/resident.resolver';
import { loadUnits, UnitResolver } from './unit/unit.resolver';
import { Building, Estate } from './property/property.entity';

/** The residents subgraph: properties, buildings, units and the people in them. */
export const residentsSchema: SubgraphSchemaOptions = {
  resolvers: [
    PropertyResolver, BuildingResolver, UnitResolver, ResidentResolver, ResidencyResolver, OccupancyResolver, UnitOccupancyResolver,
    HandoverResolver, UnitHandoverResolver, ItemReleaseResolver, VisitorResolver, PiiResolver, ImportResolver, PatrolResolver, HandoverSettingsResolver,
  ],
  references: {
    Property: async (ids, ctx) => inIdOrder(ids, await findForRead(ctx.em, Estate, { id: { $in: [...ids] } })),
    Building: async (ids, ctx) => inIdOrder(ids, await findForRead(ctx.em, Building, { id: { $in: [...ids] } })),
    Unit: loadUnits,
    Resident: loadResidents,
  },
  guards: residentsGuards,
  uniqueConstraints: {
    building_property_id_name_unique: { reason: 'BUILDING_NAME_TAKEN', field: 'name', message: 'This property already has a building of that name' },
    unit_property_id_code_unique: { reason: 'UNIT_CODE_TAKEN', field: 'code', message: 'This property already has a unit with that code' },
    property_name_unique: { reason: 'PROPERTY_NAME_TAKEN', field: 'name', message: 'A property of that name already exists' },
  },
};
