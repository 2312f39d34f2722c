import { nextDocumentNumber } from '@pm/db';
import { AppError } from '@pm/errors';
import { requirePropertyAccess } from '@pm/identity';
import { type UseCaseContext } from '@pm/subgraph';

import { Unit } from '../unit/unit.entity';
import { ItemReleasePass } from './item-release.entity';
import { type ItemReleasePassInput } from './item-release.inputs';
import { passRefusal } from './item-release.rules';
import { ResidentsErrors } from '../errors';

/** 物品放行条: a numbered pass in two copies, or the rule that refuses it. */
export async function issueItemReleasePass(ctx: UseCaseContext, input: ItemReleasePassInput): Promise<ItemReleasePass> {
  const unit = await ctx.em.findOne(Unit, input.unitId);
  if (!unit) throw AppError.notFound('Unit', input.unitId);
  requirePropertyAccess(ctx.identity, unit.propertyId);
  const now = ctx.clock.now();
  const refusal = passRefusal(input, now);
  if (refusal) throw 'reason' in refusal ? ResidentsErrors.passRefused(refusal) : AppError.badInput(refusal.field, refusal.message);
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
    }),
  );
}
