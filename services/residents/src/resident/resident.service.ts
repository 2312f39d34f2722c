import { type EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '@pm/errors';
import { Events, recordEvent } from '@pm/events';
import { type UseCaseContext } from '@pm/subgraph';

import { Unit } from '../unit/unit.entity';
import { type RegisterResidentInput } from './resident.inputs';
import { Resident, ResidentKind } from './resident.entity';
import { ResidentsErrors } from '../errors';

export async function findUnit(em: EntityManager, id: string): Promise<Unit> {
  const unit = await em.findOne(Unit, id);
  if (!unit) throw AppError.notFound('Unit', id);
  return unit;
}

/** Registers a person of a unit. A tenant needs the owner's consent. */
export async function registerResident({ em, identity, clock }: UseCaseContext, unit: Unit, input: RegisterResidentInput): Promise<Resident> {
  if (input.kind === ResidentKind.TENANT && !input.ownerConsent) {
    throw ResidentsErrors.tenantNeedsOwnerConsent();
  }
  const resident = em.create(Resident, {
    unit,
    propertyId: unit.propertyId,
    kind: input.kind,
    name: input.name.trim(),
    phone: input.phone ?? null,
    idNumber: input.idNumber ?? null,
    ownerConsent: input.ownerConsent,
    createdAt: clock.now(),
  });
  // Ids and states only: personal data never leaves this service in events.
  recordEvent(em, Events.residentRegistered, { residentId: resident.id, unitId: unit.id, propertyId: unit.propertyId, kind: resident.kind, active: resident.active }, { aggregateId: resident.id, actor: identity.sub });
  await em.persistAndFlush(resident);
  return resident;
}
