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
