import { type EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '@pm/errors';

import { Unit } from '../unit/unit.entity';
import { type RegisterResidentInput } from './resident.inputs';
import { Resident, ResidentKind } from './resident.entity';

export async function findUnit(em: EntityManager, id: string): Promise<Unit> {
  const unit = await em.findOne(Unit, id);
  if (!unit) throw AppError.notFound('Unit', id);
  return unit;
}

/** Registers a person of a unit. A tenant needs the owner's consent. */
export async function registerResident(em: EntityManager, unit: Unit, input: RegisterResidentInput): Promise<Resident> {
  if (input.kind === ResidentKind.TENANT && !input.ownerConsent) {
    throw AppError.conflict('OWNER_CONSENT_REQUIRED', "A tenant is registered only with the owner's consent");
  }
  const resident = em.create(Resident, {
    unit,
    propertyId: unit.propertyId,
    kind: input.kind,
    name: input.name.trim(),
    phone: input.phone ?? null,
    idNumber: input.idNumber ?? null,
    ownerConsent: input.ownerConsent,
  });
  await em.persistAndFlush(resident);
  return resident;
}
