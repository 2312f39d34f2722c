import { type EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '@pm/errors';
import { Events, recordEvent } from '@pm/events';
import { type UseCaseContext } from '@pm/subgraph';

import { Building } from '../property/property.entity';
import { type AddUnitsInput } from './unit.inputs';
import { OccupancyStatus, Unit } from './unit.entity';
import { ResidentsErrors } from '../errors';

/** Adds a building's units in one transaction: every code new and unique, or nothing is written. */
export async function addUnits({ em, identity, clock }: UseCaseContext, input: AddUnitsInput, building: Building): Promise<Unit[]> {
  const now = clock.now();
  const seen = new Map<string, number>();
  input.units.forEach((unit, i) => {
    const code = unit.code.trim();
    if (seen.has(code)) throw AppError.badInput(`units[${i}].code`, `Unit code ${code} appears twice (also at units[${seen.get(code)}])`);
    seen.set(code, i);
  });
  const taken = await em.find(Unit, { propertyId: building.property.id, code: { $in: [...seen.keys()] } }, { fields: ['code'] });
  if (taken.length) {
    throw ResidentsErrors.unitCodeTaken(taken.map((u) => u.code));
  }
  const units = input.units.map((unit) =>
    em.create(Unit, {
      building,
      propertyId: building.property.id,
      code: unit.code.trim(),
      floor: unit.floor,
      usage: unit.usage,
      occupancy: unit.occupancy ?? OccupancyStatus.NOT_HANDED_OVER,
      createdAt: now,
    }),
  );
  for (const unit of units) {
    recordEvent(em, Events.unitAdded, { unitId: unit.id, propertyId: unit.propertyId, buildingId: building.id, code: unit.code, usage: unit.usage, occupancy: unit.occupancy }, { aggregateId: unit.id, actor: identity.sub });
  }
  await em.persistAndFlush(units);
  return units;
}

export async function findBuilding(em: EntityManager, id: string): Promise<Building> {
  const building = await em.findOne(Building, id);
  if (!building) throw AppError.notFound('Building', id);
  return building;
}
