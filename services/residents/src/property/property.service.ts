import { type EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { AppError } from '@pm/errors';

import { type AddBuildingInput, type CreatePropertyInput } from './property.inputs';
import { Building, Estate } from './property.entity';

export async function createProperty(em: EntityManager, input: CreatePropertyInput): Promise<Estate> {
  const property = em.create(Estate, { name: input.name.trim(), kind: input.kind });
  try {
    await em.persistAndFlush(property);
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      throw AppError.conflict('PROPERTY_NAME_TAKEN', `A property named ${input.name} already exists`);
    }
    throw error;
  }
  return property;
}

export async function addBuilding(em: EntityManager, input: AddBuildingInput): Promise<Building> {
  const property = await em.findOne(Estate, input.propertyId);
  if (!property) throw AppError.notFound('Property', input.propertyId);
  if (await em.count(Building, { property, name: input.name.trim() })) {
    throw AppError.conflict('BUILDING_NAME_TAKEN', `Property ${property.name} already has a building named ${input.name}`);
  }
  const building = em.create(Building, { property, name: input.name.trim() });
  await em.persistAndFlush(building);
  return building;
}
