import { canRead, type Identity } from '@pm/identity';

import { type Resident } from './resident/resident.entity';
import { type Unit } from './unit/unit.entity';

/** A resident sees their own units; staff and integrators the units of properties they may read. */
export function canReadUnit(identity: Identity, unit: Pick<Unit, 'id' | 'propertyId'>): boolean {
  if (identity.kind === 'resident') return (identity.unitIds ?? []).includes(unit.id);
  return canRead(identity, unit.propertyId, 'residents');
}

/** A resident sees themselves and the people of their own units. */
export function canReadResident(identity: Identity, resident: Resident): boolean {
  if (identity.kind === 'resident') {
    return resident.id === identity.residentId || (identity.unitIds ?? []).includes(resident.unit.id);
  }
  return canRead(identity, resident.propertyId, 'residents');
}
