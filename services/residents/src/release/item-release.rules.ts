import { CarrierRelation, ReleaseReason } from './item-release.entity';

/** How far in the future a recorded confirmation may lie (the desk's and the phone's clocks differ). */
export const CONFIRMATION_CLOCK_SKEW_MS = 5 * 60_000;

export interface PassRequest {
  reason: ReleaseReason;
  feesSettled: boolean;
  carrierRelation: CarrierRelation;
  ownerConfirmation?: { at: Date } | null;
}

/** Why no pass may be issued (a rule's reason and the words for the desk), or null: 物品放行 rules. */
export function passRefusal(request: PassRequest, now: Date): { reason: 'FEES_NOT_SETTLED' | 'OWNER_CONFIRMATION_REQUIRED'; message: string } | { field: string; message: string } | null {
  if (request.reason === ReleaseReason.MOVE_OUT && !request.feesSettled) {
    return { reason: 'FEES_NOT_SETTLED', message: 'No pass for a move-out while fees are unsettled' };
  }
  if (request.carrierRelation === CarrierRelation.OWNER) return null;
  const confirmation = request.ownerConfirmation;
  if (!confirmation) {
    return {
      reason: 'OWNER_CONFIRMATION_REQUIRED',
      message: "The carrier is not the owner: record the owner's (or the contractor's responsible person's) confirmation, by signature or phone; if nobody can be reached, no pass",
    };
  }
  if (confirmation.at.getTime() > now.getTime() + CONFIRMATION_CLOCK_SKEW_MS) return { field: 'ownerConfirmation.at', message: 'the confirmation cannot be in the future' };
  return null;
}

/**
 * What the gate sees leaving that the pass does not allow: items not on it, or more of one than it
 * lists (names compared without surrounding spaces or letter case). Empty: the goods match.
 */
export function itemsBeyondPass(pass: { name: string; quantity: number }[], leaving: { name: string; quantity: number }[]): string[] {
  const key = (name: string) => name.trim().toLowerCase();
  const allowed = new Map<string, number>();
  for (const item of pass) allowed.set(key(item.name), (allowed.get(key(item.name)) ?? 0) + item.quantity);
  const seen = new Map<string, { name: string; quantity: number }>();
  for (const item of leaving) {
    const entry = seen.get(key(item.name)) ?? { name: item.name.trim(), quantity: 0 };
    entry.quantity += item.quantity;
    seen.set(key(item.name), entry);
  }
  return [...seen].filter(([k, item]) => item.quantity > (allowed.get(k) ?? 0)).map(([k, item]) => `${item.name} ×${item.quantity}${allowed.has(k) ? ` (pass: ${allowed.get(k)})` : ''}`);
}
