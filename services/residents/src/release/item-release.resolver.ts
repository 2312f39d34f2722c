import { AppError } from '@pm/errors';
import { requirePropertyAccess, requireRole, Role } from '@pm/identity';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';

import { Unit } from '../unit/unit.entity';
import { Resident } from '../resident/resident.entity';
import { ItemReleasePass, OwnerConfirmation } from './item-release.entity';
import { CheckReleasePassInput, ItemReleasePassInput } from './item-release.inputs';
import { checkReleasePass, issueItemReleasePass } from './item-release.service';
import { type ResidentsContext } from '../settings';

@Resolver(() => ItemReleasePass)
export class ItemReleaseResolver {
  @Mutation(() => ItemReleasePass, { description: '物品放行条: CONFLICT FEES_NOT_SETTLED (move-out) or OWNER_CONFIRMATION_REQUIRED (carrier not the owner)' })
  issueItemReleasePass(@Arg('input') input: ItemReleasePassInput, @Ctx() ctx: ResidentsContext): Promise<ItemReleasePass> {
    requireRole(ctx.identity, [Role.FRONT_DESK, Role.SECURITY], 'issue item-release passes');
    return issueItemReleasePass(ctx, input);
  }

  @Mutation(() => ItemReleasePass, { description: '门岗放行 (security): the goods leaving checked against the pass and the carrier\'s signature recorded; the pass is used up. CONFLICT PASS_USED, PASS_EXPIRED or ITEMS_NOT_ON_PASS' })
  checkReleasePass(@Arg('input') input: CheckReleasePassInput, @Ctx() ctx: ResidentsContext): Promise<ItemReleasePass> {
    requireRole(ctx.identity, [Role.SECURITY], 'check item-release passes at the gate');
    return checkReleasePass(ctx, input);
  }

  @Query(() => [ItemReleasePass], { description: "A unit's item-release passes, newest first" })
  async itemReleasePasses(@Arg('unitId', () => ID) unitId: string, @Ctx() ctx: ResidentsContext): Promise<ItemReleasePass[]> {
    requireRole(ctx.identity, [Role.FRONT_DESK, Role.SECURITY], 'read item-release passes');
    const unit = await ctx.em.findOne(Unit, unitId);
    if (!unit) throw AppError.notFound('Unit', unitId);
    requirePropertyAccess(ctx.identity, unit.propertyId);
    return ctx.em.find(ItemReleasePass, { unitId }, { orderBy: { issuedAt: 'desc', id: 'desc' } });
  }

  @FieldResolver(() => Unit)
  unit(@Root() pass: ItemReleasePass, @Ctx() ctx: ResidentsContext): Promise<Unit | null> {
    return ctx.reference('Unit').load(pass.unitId) as Promise<Unit | null>;
  }

  @FieldResolver(() => Resident, { nullable: true, description: 'MOVE_OUT: the resident whose move-out it is' })
  async movingOut(@Root() pass: ItemReleasePass, @Ctx() ctx: ResidentsContext): Promise<Resident | null> {
    return pass.movingOutResidentId ? ((await ctx.reference('Resident').load(pass.movingOutResidentId)) as Resident | null) : null;
  }

  @FieldResolver(() => [String], { description: 'The two copies: ARCHIVE (kept by the desk) and GUARD (handed in at the gate)' })
  copies(): string[] {
    return ['ARCHIVE', 'GUARD'];
  }

  @FieldResolver(() => OwnerConfirmation, { nullable: true })
  ownerConfirmation(@Root() pass: ItemReleasePass): OwnerConfirmation | null {
    return pass.confirmationMethod && pass.confirmedAt ? { method: pass.confirmationMethod, at: pass.confirmedAt, confirmedBy: pass.confirmedBy } : null;
  }
}
