import { UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { AppError } from '@pm/errors';
import { Events, recordEvent } from '@pm/events';
import { type UseCaseContext } from '@pm/subgraph';

import { type AddBuildingInput, type CreatePropertyInput } from './property.inputs';
import { Building, Estate } from './property.entity';
import { ResidentsErrors } from '../errors';

export async function createProperty({ em, identity, clock }: UseCaseContext, input: CreatePropertyInput): Promise<Estate> {
  const property = em.create(Estate, { name: input.name.trim(), kind: input.kind, createdAt: clock.now() });
  recordEvent(em, Events.propertyCreated, { propertyId: property.id, name: property.name, kind: property.kind }, { aggregateId: property.id, actor: identity.sub });
  try {
    await em.persistAndFlush(property);
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      throw ResidentsErrors.propertyNameTaken(input.name);
    }
    throw error;
  }
  return property;
}

export async function addBuilding({ em, identity, clock }: UseCaseContext, input: AddBuildingInput): Promise<Building> {
  const property = await em.findOne(Estate, input.propertyId);
  if (!property) throw AppError.notFound('Property', input.propertyId);
  if (await em.count(Building, { property, name: input.name.trim() })) {
    throw ResidentsErrors.buildingNameTaken(property.name, input.name);
  }
  const building = em.create(Building, { property, name: input.name.trim(), createdAt: clock.now() });
  recordEvent(em, Events.buildingAdded, { buildingId: building.id, propertyId: property.id, name: building.name }, { aggregateId: building.id, actor: identity.sub });
  await em.persistAndFlush(building);
  return building;
}
