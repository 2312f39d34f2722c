import { nextDocumentNumber } from '@pm/db';
import { AppError } from '@pm/errors';
import { canAccessProperty, requirePropertyAccess } from '@pm/identity';

import { Unit } from '../unit/unit.entity';
import { Resident } from '../resident/resident.entity';
import { ReleaseReason } from './item-release.entity';
import { ItemReleasePass } from './item-release.entity';
import { type ItemReleasePassInput } from './item-release.inputs';
import { itemsBeyondPass, passRefusal } from './item-release.rules';
import { type CheckReleasePassInput } from './item-release.inputs';
import { type ResidentsUseCase } from '../settings';
import { LockMode } from '@mikro-orm/postgresql';
import { ResidentsErrors } from '../errors';

/** 物品放行条: a numbered pass in two copies, or the rule that refuses it. */
export async function issueItemReleasePass(ctx: ResidentsUseCase, input: ItemReleasePassInput): Promise<ItemReleasePass> {
  const unit = await ctx.em.findOne(Unit, input.unitId);
  if (!unit) throw AppError.notFound('Unit', input.unitId);
  requirePropertyAccess(ctx.identity, unit.propertyId);
  const now = ctx.clock.now();
  const refusal = passRefusal(input, now);
  if (refusal) throw 'reason' in refusal ? ResidentsErrors.passRefused(refusal) : AppError.badInput(refusal.field, refusal.message);
  let movingOutResidentId: string | null = null;
  if (input.reason === ReleaseReason.MOVE_OUT) {
    // A move-out pass follows the move-out the desk registered (fees settled, owner consenting): the
    // goods leave with someone who has moved out of this unit, in the last few days (a setting).
    if (!input.movingOutResidentId) throw AppError.badInput('movingOutResidentId', 'a MOVE_OUT pass names the resident moving out (register the move-out first)');
    const leaving = await ctx.em.findOne(Resident, input.movingOutResidentId);
    if (!leaving || leaving.unit.id !== unit.id) throw AppError.badInput('movingOutResidentId', 'not a resident of this unit');
    if (leaving.active || !leaving.movedOutAt || now.getTime() - leaving.movedOutAt.getTime() > ctx.settings.moveOutPassDays * 86_400_000) throw ResidentsErrors.moveOutNotRegistered(leaving.name);
    movingOutResidentId = leaving.id;
  }
  const longest = new Date(now.getTime() + ctx.settings.releasePassValidHours * 3_600_000);
  if (input.validUntil && (input.validUntil <= now || input.validUntil > longest)) {
    throw AppError.badInput('validUntil', `validUntil must be after now and at most ${ctx.settings.releasePassValidHours} hours ahead`);
  }
  const confirmation = input.ownerConfirmation;
  return ctx.em.transactional(async (tx) =>
    tx.create(ItemReleasePass, {
      number: await nextDocumentNumber(tx, 'item_release_number_seq', 'FX'),
      unitId: unit.id,
      propertyId: unit.propertyId,
      carrierName: input.carrierName.trim(),
      carrierRelation: input.carrierRelation,
      reason: input.reason,
      items: input.items.map((item) => ({ name: item.name.trim(), quantity: item.quantity })),
      feesSettled: input.feesSettled,
      confirmationMethod: confirmation?.method ?? null,
      confirmedAt: confirmation?.at ?? null,
      confirmedBy: confirmation?.confirmedBy?.trim() || null,
      issuedBy: ctx.identity.name,
      issuedAt: now,
      validUntil: input.validUntil ?? longest,
      movingOutResidentId,
    }),
  );
}

/**
 * 门岗放行: the guard checks the goods leaving against the pass — valid, not used before, nothing
 * beyond what it lists — records the carrier's signature and uses the pass up, in one transaction
 * (two gates checking the same pass at once: one lets it out, the other is told it was used).
 */
export async function checkReleasePass(ctx: ResidentsUseCase, input: CheckReleasePassInput): Promise<ItemReleasePass> {
  return ctx.em.transactional(async (tx) => {
    const pass = await tx.findOne(ItemReleasePass, { number: input.number.trim().toUpperCase() }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    // A pass of a property the guard does not work for is not found (its number says nothing more).
    if (!pass || !canAccessProperty(ctx.identity, pass.propertyId)) throw AppError.notFound('ItemReleasePass', input.number);
    const now = ctx.clock.now();
    if (pass.usedAt) throw ResidentsErrors.passUsed(pass.number, pass.usedAt, pass.checkedBy);
    if (pass.validUntil <= now) throw ResidentsErrors.passExpired(pass.number, pass.validUntil);
    const beyond = itemsBeyondPass(pass.items, input.items);
    if (beyond.length) throw ResidentsErrors.itemsNotOnPass(pass.number, beyond);
    pass.usedAt = now;
    pass.checkedBy = ctx.identity.name;
    pass.carrierSignature = input.carrierSignature.trim();
    return pass;
  });
}
