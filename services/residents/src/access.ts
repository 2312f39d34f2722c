import { guardOf, type Identity, mayRead } from '@pm/identity';
import { type Guards } from '@pm/subgraph';
import { type PatrolRound } from './patrol/patrol.entity';

import { type Handover } from './handover/handover.entity';
import { type OccupancyChange } from './occupancy/occupancy-change.entity';
import { type PiiAccess } from './pii/pii-access.entity';
import { type Building, type Estate } from './property/property.entity';
import { type ItemReleasePass } from './release/item-release.entity';
import { type Resident } from './resident/resident.entity';
import { type Unit } from './unit/unit.entity';
import { type VisitorEntry } from './visitors/visitor.entity';

/** The access policy's guards for residents' types (READ_POLICY in libs/identity), wherever they are reached. */
export const residentsGuards: Guards = {
  Property: guardOf('Property', (property: Estate) => ({ propertyId: property.id })),
  Building: guardOf('Building', (building: Building) => ({ propertyId: building.property.id })),
  Unit: guardOf('Unit', (unit: Unit) => ({ propertyId: unit.propertyId, unitId: unit.id })),
  Resident: guardOf('Resident', (resident: Resident) => ({ propertyId: resident.propertyId, unitId: resident.unit.id, residentId: resident.id })),
  Handover: guardOf('Handover', (handover: Handover) => ({ propertyId: handover.propertyId, unitId: handover.unitId })),
  OccupancyChange: guardOf('OccupancyChange', (change: OccupancyChange) => ({ propertyId: change.propertyId, unitId: change.unitId })),
  ItemReleasePass: guardOf('ItemReleasePass', (pass: ItemReleasePass) => ({ propertyId: pass.propertyId, unitId: pass.unitId })),
  VisitorEntry: guardOf('VisitorEntry', (entry: VisitorEntry) => ({ propertyId: entry.propertyId, unitId: entry.hostUnitId })),
  PiiAccess: guardOf('PiiAccess', (access: PiiAccess) => ({ propertyId: access.propertyId, residentId: access.residentId })),
  PatrolRound: guardOf('PatrolRound', (round: PatrolRound) => ({ propertyId: round.propertyId })),
};

/** Whether the caller may read this resident (the Resident row of the policy). */
export function canReadResident(identity: Identity, resident: Resident): boolean {
  return mayRead(identity, residentsGuards.Resident.rule, residentsGuards.Resident.facts(resident));
}
