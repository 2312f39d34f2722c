import { type EntityManager } from '@mikro-orm/postgresql';
import { AppError, databaseFailure } from '@pm/errors';
import { Events, recordEvent } from '@pm/events';
import { type UseCaseContext } from '@pm/subgraph';

import { Unit } from '../unit/unit.entity';
import { type RegisterResidentInput, type UpdateResidentContactInput } from './resident.inputs';
import { PiiAccess } from '../pii/pii-access.entity';
import { Resident, RESIDENT_REQUEST_ID_KEY, ResidentKind } from './resident.entity';
import { ResidentsErrors } from '../errors';

export async function findUnit(em: EntityManager, id: string): Promise<Unit> {
  const unit = await em.findOne(Unit, id);
  if (!unit) throw AppError.notFound('Unit', id);
  return unit;
}

/** Registers a person of a unit. A tenant needs the owner's consent. */
export async function registerResident(ctx: UseCaseContext, unit: Unit, input: RegisterResidentInput): Promise<Resident> {
  const { em, identity, clock } = ctx;
  if (input.kind === ResidentKind.TENANT && !input.ownerConsent) {
    throw ResidentsErrors.tenantNeedsOwnerConsent();
  }
  if (input.requestId) {
    const existing = await em.findOne(Resident, { requestId: input.requestId });
    if (existing) return replayed(existing, unit);
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
    requestId: input.requestId ?? null,
  });
  // Ids and states only: personal data never leaves this service in events.
  recordEvent(em, Events.residentRegistered, { residentId: resident.id, unitId: unit.id, propertyId: unit.propertyId, kind: resident.kind, active: resident.active }, { aggregateId: resident.id, actor: identity.sub });
  try {
    await em.persistAndFlush(resident);
  } catch (error) {
    // The same request sent twice at once: the first one registered them.
    if (!input.requestId || databaseFailure(error)?.constraint !== RESIDENT_REQUEST_ID_KEY) throw error;
    return replayed(await em.fork().findOneOrFail(Resident, { requestId: input.requestId }), unit);
  }
  return resident;
}

/** The resident a request id already registered, for the caller sending the request again (same unit only). */
function replayed(resident: Resident, unit: Unit): Resident {
  if (resident.unit.id !== unit.id) throw AppError.badInput('requestId', 'this requestId was used for another request: make a new one for each registration');
  return resident;
}

const CONTACT_FIELDS = ['name', 'phone', 'emergencyContactName', 'emergencyContactPhone'] as const;

/**
 * Changes a resident's name or contact details (the desk, when a resident calls with a new number).
 * Which fields changed, by whom and why goes to the personal-data log (via UPDATE) in the same
 * transaction; the event names the fields, never their values.
 */
export async function updateResidentContact({ em, identity, clock }: UseCaseContext, resident: Resident, input: UpdateResidentContactInput): Promise<Resident> {
  const given = CONTACT_FIELDS.filter((field) => input[field] !== undefined);
  if (!given.length) throw AppError.badInput('input', 'name one of name, phone, emergencyContactName or emergencyContactPhone to change');
  if (input.name === null) throw AppError.badInput('name', 'name cannot be cleared');
  const value = (field: (typeof CONTACT_FIELDS)[number]) => (field === 'name' ? input.name!.trim() : (input[field]?.trim() || null));
  const changed = given.filter((field) => value(field) !== resident[field]);
  if (!changed.length) throw ResidentsErrors.contactUnchanged();
  for (const field of changed) (resident as unknown as Record<string, unknown>)[field] = value(field);
  const at = clock.now();
  em.create(PiiAccess, {
    residentId: resident.id, propertyId: resident.propertyId, accessorId: identity.sub, accessorName: identity.name,
    fields: changed, reason: input.reason?.trim() || null, via: 'UPDATE', at,
  });
  recordEvent(em, Events.residentContactChanged, { residentId: resident.id, unitId: resident.unit.id, propertyId: resident.propertyId, fields: changed }, { aggregateId: resident.id, actor: identity.sub });
  await em.flush();
  return resident;
}
