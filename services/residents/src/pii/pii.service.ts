import { maskIdNumber, maskPhone, mayUnmask } from '@pm/identity';
import { newId } from '@pm/db';
import { AppError } from '@pm/errors';
import { type SubgraphContext } from '@pm/subgraph';

import { canReadResident } from '../access';
import { Resident } from '../resident/resident.entity';
import { PiiAccess } from './pii-access.entity';

export type PiiField = 'phone' | 'idNumber' | 'emergencyContactPhone';

export { mayUnmask };

/** Residents revealed (and logged) by revealResidentPii in a request: their fields are not logged twice. */
const revealed = new WeakMap<SubgraphContext, Set<string>>();

export function markRevealed(ctx: SubgraphContext, residentId: string): void {
  const set = revealed.get(ctx) ?? new Set<string>();
  set.add(residentId);
  revealed.set(ctx, set);
}

/**
 * A resident's phone or ID number as this caller may see it: masked, or unmasked with an entry in
 * the access log (one insert per request batch, written before the value is returned).
 */
export async function personalData(ctx: SubgraphContext, resident: Resident, field: PiiField): Promise<string | null> {
  const value = resident[field];
  if (!value) return null;
  if (!mayUnmask(ctx.identity)) return field === 'idNumber' ? maskIdNumber(value) : maskPhone(value);
  if (!revealed.get(ctx)?.has(resident.id)) {
    await ctx
      .loader<string, true>('pii-access-log', async (keys) => {
        const fieldsByResident = new Map<string, { propertyId: string; fields: Set<string> }>();
        for (const key of keys) {
          const [residentId, propertyId, name] = key.split('|');
          const entry = fieldsByResident.get(residentId) ?? { propertyId, fields: new Set<string>() };
          entry.fields.add(name);
          fieldsByResident.set(residentId, entry);
        }
        await ctx.em.insertMany(PiiAccess, [...fieldsByResident].map(([residentId, { propertyId, fields }]) => ({
          id: newId(), residentId, propertyId, accessorId: ctx.identity.sub, accessorName: ctx.identity.name,
          fields: [...fields].sort(), reason: null, via: 'QUERY', at: ctx.clock.now(),
        })));
        return keys.map(() => true as const);
      })
      .load(`${resident.id}|${resident.propertyId}|${field}`);
  }
  return value;
}

/** Only a project manager reads personal data unmasked. */
export function requireProjectManager(ctx: Pick<SubgraphContext, 'identity'>, action: string): void {
  if (!mayUnmask(ctx.identity)) throw AppError.forbidden(`Only a project manager may ${action}`);
}

/** A project manager's stated need to see one resident's personal data: logged with the reason, then readable unmasked in this request. */
export async function revealResidentPii(ctx: SubgraphContext, residentId: string, reason: string): Promise<Resident> {
  requireProjectManager(ctx, 'see unmasked personal data');
  if (reason.trim().length < 4) throw AppError.badInput('reason', 'state why you need the personal data (at least 4 characters)');
  const resident = await ctx.em.findOne(Resident, residentId);
  // Checked before the audit row is written: a resident the caller may not read is not found.
  if (!resident || !canReadResident(ctx.identity, resident)) throw AppError.notFound('Resident', residentId);
  ctx.em.create(PiiAccess, {
    residentId, propertyId: resident.propertyId, accessorId: ctx.identity.sub, accessorName: ctx.identity.name,
    fields: ['emergencyContactPhone', 'idNumber', 'phone'], reason: reason.trim(), via: 'REVEAL', at: ctx.clock.now(),
  });
  await ctx.em.flush();
  markRevealed(ctx, residentId);
  return resident;
}
