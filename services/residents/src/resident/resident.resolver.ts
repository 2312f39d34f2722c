import { findForRead } from '@pm/db';
import { AppError } from '@pm/errors';
import { type FilterQuery } from '@mikro-orm/core';
import { connectionOf, PageArgs, paginate } from '@pm/graphql';
import { requirePropertyAccess, requireRole, requireScope, Role } from '@pm/identity';
import { inIdOrder } from '@pm/subgraph';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';

import { Unit } from '../unit/unit.entity';
import { RegisterResidentInput, UpdateResidentContactInput } from './resident.inputs';
import { Resident, ResidentKind } from './resident.entity';
import { mayUnmask, personalData } from '../pii/pii.service';
import { findUnit, registerResident, updateResidentContact } from './resident.service';
import { canReadResident } from '../access';
import { type ResidentsContext } from '../settings';

const ResidentConnection = connectionOf(Resident, 'Resident');

@ArgsType()
class ResidentsArgs extends PageArgs {
  @Field(() => ID)
  propertyId: string;

  @Field(() => String, { nullable: true, description: 'Part of a name, the last digits of a phone, or a unit code' })
  search?: string;

  @Field(() => ResidentKind, { nullable: true })
  kind?: ResidentKind;
}

/** Digits a caller who sees masked phones (138****5678) may search by: the visible last four, or the whole number. */
const MASKED_PHONE_SEARCH = /^(\d{4}|1\d{10})$/;

function searchFilter(search: string, unmasked: boolean): FilterQuery<Resident> {
  const term = search.trim();
  const options: FilterQuery<Resident>[] = [{ name: { $ilike: `%${term.replace(/[%_\\]/g, '\\$&')}%` } }, { unit: { code: term } }];
  const reversed = [...term].reverse().join('');
  // Growing a suffix one digit at a time would undo the mask, so masked callers match on four digits or all of them.
  if (unmasked ? /^\d{3,11}$/.test(term) : MASKED_PHONE_SEARCH.test(term)) {
    // phone_reversed LIKE '8765%' (or = for a whole number) is served by resident_phone_suffix_idx.
    options.push(term.length >= 11 ? { phoneReversed: reversed } : { phoneReversed: { $like: `${reversed}%` } });
  }
  return { $or: options };
}

@Resolver(() => Resident)
export class ResidentResolver {
  @Query(() => Resident, { nullable: true })
  async resident(@Arg('id', () => ID) id: string, @Ctx() ctx: ResidentsContext): Promise<Resident | null> {
    const resident = await ctx.em.findOne(Resident, id);
    // Who may see it is the access policy's call (READ_POLICY.Resident).
    return resident;
  }

  @Query(() => ResidentConnection)
  async residents(@Args() args: ResidentsArgs, @Ctx() ctx: ResidentsContext) {
    requireRole(ctx.identity, [Role.FRONT_DESK, Role.SECURITY, Role.CASHIER, Role.ENGINEER, Role.INTEGRATOR], 'list residents');
    requireScope(ctx.identity, 'residents:read');
    requirePropertyAccess(ctx.identity, args.propertyId);
    const filters: FilterQuery<Resident>[] = [{ propertyId: args.propertyId }];
    if (args.kind) filters.push({ kind: args.kind });
    if (args.search?.trim()) filters.push(searchFilter(args.search, mayUnmask(ctx.identity)));
    const where: FilterQuery<Resident> = { $and: filters };
    return paginate(ctx.em, Resident, where, args, [['createdAt', 'asc'], ['id', 'asc']]);
  }

  @Mutation(() => Resident)
  async registerResident(@Arg('input') input: RegisterResidentInput, @Ctx() ctx: ResidentsContext): Promise<Resident> {
    requireRole(ctx.identity, [Role.FRONT_DESK], 'register residents');
    const unit = await findUnit(ctx.em, input.unitId);
    requirePropertyAccess(ctx.identity, unit.propertyId);
    return registerResident(ctx, unit, input);
  }

  @Mutation(() => Resident, { description: "The desk: a resident's new name, phone or emergency contact; logged (which fields, by whom, why) in the personal-data log; the phone stays masked" })
  async updateResidentContact(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateResidentContactInput,
    @Ctx() ctx: ResidentsContext,
  ): Promise<Resident> {
    requireRole(ctx.identity, [Role.FRONT_DESK], "change residents' contact details");
    const resident = await ctx.em.findOne(Resident, id);
    if (!resident || ctx.identity.kind !== 'staff' || !canReadResident(ctx.identity, resident)) throw AppError.notFound('Resident', id);
    return updateResidentContact(ctx, resident, input);
  }

  @FieldResolver(() => Unit)
  unit(@Root() resident: Resident, @Ctx() ctx: ResidentsContext): Promise<Unit | null> {
    return ctx.reference('Unit').load(resident.unit.id) as Promise<Unit | null>;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Masked (138****5678) except for a project manager, whose every read is written to the access log' })
  phone(@Root() resident: Resident, @Ctx() ctx: ResidentsContext): Promise<string | null> {
    return personalData(ctx, resident, 'phone');
  }

  @FieldResolver(() => String, { nullable: true, description: 'Masked (4201**********1234) except for a project manager, whose every read is written to the access log' })
  idNumber(@Root() resident: Resident, @Ctx() ctx: ResidentsContext): Promise<string | null> {
    return personalData(ctx, resident, 'idNumber');
  }
}

/** Loads residents by id for federation references. */
export const loadResidents = async (ids: readonly string[], ctx: ResidentsContext) =>
  inIdOrder(ids, await findForRead(ctx.em, Resident, { id: { $in: [...ids] } }));
