import { AppError } from '@pm/errors';

import { type HandoverRefusal } from './handover/handover.rules';

/** Every business rule the residents service refuses with CONFLICT (`extensions.reason`). */
export type ResidentsConflictReason =
  | 'PROPERTY_NAME_TAKEN' | 'BUILDING_NAME_TAKEN' | 'UNIT_CODE_TAKEN'
  | 'ALREADY_HANDED_OVER' | HandoverRefusal['reason']
  | 'OWNER_CONSENT_REQUIRED' | 'NOT_A_RESIDENT' | 'ALREADY_MOVED_IN' | 'UNIT_NOT_HANDED_OVER' | 'UNDER_RENOVATION' | 'LEASE_REQUIRED'
  | 'SAFETY_UNDERTAKING_REQUIRED' | 'ALREADY_MOVED_OUT' | 'FEES_NOT_SETTLED' | 'OWNER_CONFIRMATION_REQUIRED'
  | 'NO_CHANGE' | 'NOT_AN_OWNER' | 'ALREADY_LEFT'
  | 'PASS_USED' | 'PASS_EXPIRED' | 'ITEMS_NOT_ON_PASS' | 'ROUND_COMPLETED' | 'MOVE_OUT_NOT_REGISTERED';

const conflict = (reason: ResidentsConflictReason, message: string) => AppError.conflict(reason, message);
const day = (at: Date | null | undefined) => at?.toISOString().slice(0, 10) ?? 'an earlier date';

/** The residents service's refusals, one factory per rule. */
export const ResidentsErrors = {
  propertyNameTaken: (name: string) => conflict('PROPERTY_NAME_TAKEN', `A property named ${name} already exists`),
  buildingNameTaken: (property: string, name: string) => conflict('BUILDING_NAME_TAKEN', `Property ${property} already has a building named ${name}`),
  unitCodeTaken: (codes: string[]) => conflict('UNIT_CODE_TAKEN', `These unit codes already exist in the property: ${codes.join(', ')}`),
  alreadyHandedOver: (code: string, occupancy: string) => conflict('ALREADY_HANDED_OVER', `Unit ${code} has been handed over (${occupancy})`),
  /** A rule of the hand-over checklist (handover.rules.ts). */
  handoverRefused: (refusal: HandoverRefusal) => conflict(refusal.reason, refusal.message),
  tenantNeedsOwnerConsent: () => conflict('OWNER_CONSENT_REQUIRED', "A tenant is registered only with the owner's consent"),
  movedOut: (name: string, code: string) => conflict('NOT_A_RESIDENT', `${name} has moved out of ${code}`),
  alreadyMovedIn: (name: string, at: Date) => conflict('ALREADY_MOVED_IN', `${name} moved in on ${day(at)}`),
  unitNotHandedOver: (code: string) => conflict('UNIT_NOT_HANDED_OVER', `Unit ${code} has not been handed over yet`),
  underRenovation: (code: string) => conflict('UNDER_RENOVATION', `Unit ${code} is being renovated`),
  moveInNeedsOwnerConsent: () => conflict('OWNER_CONSENT_REQUIRED', "A tenant moves in only with the owner's confirmation"),
  leaseRequired: () => conflict('LEASE_REQUIRED', 'A tenant moves in with a signed lease'),
  safetyUndertakingRequired: () => conflict('SAFETY_UNDERTAKING_REQUIRED', 'A tenant signs the safety undertaking before moving in'),
  alreadyMovedOut: (name: string, at: Date | null) => conflict('ALREADY_MOVED_OUT', `${name} moved out on ${day(at)}`),
  feesNotSettled: (what = 'All fees up to the move-out date must be settled first') => conflict('FEES_NOT_SETTLED', what),
  moveOutNeedsOwnerConsent: () => conflict('OWNER_CONSENT_REQUIRED', 'The owner must be informed and consent to the move-out'),
  /** A rule of item-release passes (item-release.rules.ts). */
  passRefused: (refusal: { reason: 'FEES_NOT_SETTLED' | 'OWNER_CONFIRMATION_REQUIRED'; message: string }) => conflict(refusal.reason, refusal.message),
  passUsed: (number: string, at: Date, by: string | null) => conflict('PASS_USED', `Pass ${number} was already used at ${at.toISOString()}${by ? ` (checked by ${by})` : ''}: a pass lets goods out once`),
  passExpired: (number: string, until: Date) => conflict('PASS_EXPIRED', `Pass ${number} expired at ${until.toISOString()}: the desk issues a new one`),
  itemsNotOnPass: (number: string, items: string[]) => conflict('ITEMS_NOT_ON_PASS', `Not on pass ${number} (or more than it allows): ${items.join(', ')}`),
  moveOutNotRegistered: (name: string) => conflict('MOVE_OUT_NOT_REGISTERED', `${name}'s move-out is not registered (recently): register it (moveOut) before the move-out pass`),
  roundCompleted: (at: Date) => conflict('ROUND_COMPLETED', `This round was completed at ${at.toISOString()}`),
  contactUnchanged: () => conflict('NO_CHANGE', "These are already the resident's details"),
  noChange: (code: string, occupancy: string) => conflict('NO_CHANGE', `Unit ${code} is already ${occupancy}`),
  notAnOwner: () => conflict('NOT_AN_OWNER', 'The owner archive is kept for owners'),
  alreadyLeft: (at: Date) => conflict('ALREADY_LEFT', `The visitor left at ${at.toISOString()}`),
};
