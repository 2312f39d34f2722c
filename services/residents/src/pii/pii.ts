import { maskIdNumber, maskPhone, mayUnmask } from '@pm/identity';
import { type SubgraphContext } from '@pm/subgraph';

import { type Resident } from '../resident/resident.entity';
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
          id: new PiiAccess().id, residentId, propertyId, accessorId: ctx.identity.sub, accessorName: ctx.identity.name,
          fields: [...fields].sort(), reason: null, via: 'QUERY', at: new Date(),
        })));
        return keys.map(() => true as const);
      })
      .load(`${resident.id}|${resident.propertyId}|${field}`);
  }
  return value;
}
