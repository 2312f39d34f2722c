import { nextDocumentNumber } from '@pm/db';
import { AppError } from '@pm/errors';
import { requirePropertyAccess, requireRole, Role } from '@pm/identity';
import { type SubgraphContext } from '@pm/subgraph';
import { ArrayMaxSize, ArrayMinSize, IsInt, IsNotEmpty, IsOptional, IsUUID, MaxLength, Min, ValidateNested } from 'class-validator';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';

import { Unit } from '../unit/unit.entity';
import { CarrierRelation, ConfirmationMethod, ItemReleasePass, OwnerConfirmation, ReleaseReason } from './item-release.entity';

@InputType()
export class ReleasedItemInput {
  @Field()
  @IsNotEmpty({ message: 'name must say what is carried out' })
  @MaxLength(100)
  name: string;

  @Field(() => Int)
  @IsInt()
  @Min(1, { message: 'quantity must be at least 1' })
  quantity: number;
}

@InputType()
export class OwnerConfirmationInput {
  @Field(() => ConfirmationMethod)
  method: ConfirmationMethod;

  @Field(() => Date)
  at: Date;

  @Field(() => String, { nullable: true, description: "Who confirmed if not the owner (the contractor's responsible person)" })
  @IsOptional()
  @MaxLength(100)
  confirmedBy?: string;
}

@InputType()
export class ItemReleasePassInput {
  @Field(() => ID)
  @IsUUID()
  unitId: string;

  @Field()
  @IsNotEmpty({ message: 'carrierName must not be empty' })
  @MaxLength(100)
  carrierName: string;

  @Field(() => CarrierRelation)
  carrierRelation: CarrierRelation;

  @Field(() => ReleaseReason)
  reason: ReleaseReason;

  @Field(() => [ReleasedItemInput])
  @ArrayMinSize(1, { message: 'items must list at least one item' })
  @ArrayMaxSize(200)
  @ValidateNested()
  items: ReleasedItemInput[];

  @Field({ description: 'All fees settled (required for a move-out)' })
  feesSettled: boolean;

  @Field(() => OwnerConfirmationInput, { nullable: true, description: 'Required when the carrier is not the owner' })
  @IsOptional()
  @ValidateNested()
  ownerConfirmation?: OwnerConfirmationInput;
}

const CLOCK_SKEW_MS = 5 * 60_000;

@Resolver(() => ItemReleasePass)
export class ItemReleaseResolver {
  @Mutation(() => ItemReleasePass, { description: '物品放行条: CONFLICT FEES_NOT_SETTLED (move-out) or OWNER_CONFIRMATION_REQUIRED (carrier not the owner)' })
  async issueItemReleasePass(@Arg('input') input: ItemReleasePassInput, @Ctx() ctx: SubgraphContext): Promise<ItemReleasePass> {
    requireRole(ctx.identity, [Role.FRONT_DESK, Role.SECURITY], 'issue item-release passes');
    const unit = await ctx.em.findOne(Unit, input.unitId);
    if (!unit) throw AppError.notFound('Unit', input.unitId);
    requirePropertyAccess(ctx.identity, unit.propertyId);
    if (input.reason === ReleaseReason.MOVE_OUT && !input.feesSettled) {
      throw AppError.conflict('FEES_NOT_SETTLED', 'No pass for a move-out while fees are unsettled');
    }
    const confirmation = input.ownerConfirmation;
    if (input.carrierRelation !== CarrierRelation.OWNER) {
      if (!confirmation) {
        throw AppError.conflict('OWNER_CONFIRMATION_REQUIRED', `The carrier is not the owner: record the owner's (or the contractor's responsible person's) confirmation, by signature or phone; if nobody can be reached, no pass`);
      }
      if (confirmation.at.getTime() > Date.now() + CLOCK_SKEW_MS) throw AppError.badInput('ownerConfirmation.at', 'the confirmation cannot be in the future');
    }
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
      }),
    );
  }

  @Query(() => [ItemReleasePass], { description: "A unit's item-release passes, newest first" })
  async itemReleasePasses(@Arg('unitId', () => ID) unitId: string, @Ctx() ctx: SubgraphContext): Promise<ItemReleasePass[]> {
    requireRole(ctx.identity, [Role.FRONT_DESK, Role.SECURITY], 'read item-release passes');
    const unit = await ctx.em.findOne(Unit, unitId);
    if (!unit) throw AppError.notFound('Unit', unitId);
    requirePropertyAccess(ctx.identity, unit.propertyId);
    return ctx.em.find(ItemReleasePass, { unitId }, { orderBy: { issuedAt: 'desc', id: 'desc' } });
  }

  @FieldResolver(() => Unit)
  unit(@Root() pass: ItemReleasePass, @Ctx() ctx: SubgraphContext): Promise<Unit | null> {
    return ctx.reference('Unit').load(pass.unitId) as Promise<Unit | null>;
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
