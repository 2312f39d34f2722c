import { findForRead } from '@pm/db';
import { AppError } from '@pm/errors';
import { canRead, requirePropertyAccess, requireRole, Role } from '@pm/identity';
import { connectionOf, PageArgs, paginate } from '@pm/graphql';
import { groupBy, inIdOrder } from '@pm/subgraph';
import { type FilterQuery } from '@mikro-orm/core';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';

import { Building } from '../property/property.entity';
import { Resident } from '../resident/resident.entity';
import { AddUnitsInput } from './unit.inputs';
import { OccupancyStatus, Unit } from './unit.entity';
import { addUnits, findBuilding } from './unit.service';
import { type ResidentsContext } from '../settings';

const UnitConnection = connectionOf(Unit, 'Unit');

@ArgsType()
class UnitsArgs extends PageArgs {
  @Field(() => ID)
  propertyId: string;

  @Field(() => OccupancyStatus, { nullable: true })
  occupancy?: OccupancyStatus;
}


/** Loads units by id for federation references and for residents' `unit`. */
export const loadUnits = async (ids: readonly string[], ctx: ResidentsContext) =>
  inIdOrder(ids, await findForRead(ctx.em, Unit, { id: { $in: [...ids] } }));

@Resolver(() => Unit)
export class UnitResolver {
  @Query(() => Unit, { nullable: true })
  async unit(@Arg('id', () => ID) id: string, @Ctx() ctx: ResidentsContext): Promise<Unit | null> {
    // Who may see it is the access policy's call (READ_POLICY.Unit), on every field returning a Unit.
    return ctx.em.findOne(Unit, id);
  }

  @Query(() => Unit, { nullable: true })
  async unitByCode(
    @Arg('propertyId', () => ID) propertyId: string,
    @Arg('code') code: string,
    @Ctx() ctx: ResidentsContext,
  ): Promise<Unit | null> {
    return ctx.em.findOne(Unit, { propertyId, code: code.trim() });
  }

  @Query(() => UnitConnection)
  async units(@Args() args: UnitsArgs, @Ctx() ctx: ResidentsContext) {
    const where: FilterQuery<Unit> = { propertyId: args.propertyId, ...(args.occupancy ? { occupancy: args.occupancy } : {}) };
    if (ctx.identity.kind === 'resident') where.id = { $in: ctx.identity.unitIds ?? [] };
    else if (!canRead(ctx.identity, args.propertyId, 'residents')) throw AppError.forbidden(`You may not list the units of property ${args.propertyId}`);
    return paginate(ctx.em, Unit, where, args, [['code', 'asc'], ['id', 'asc']]);
  }

  @Mutation(() => [Unit], { description: 'Adds units to a building; all or nothing' })
  async addUnits(@Arg('input') input: AddUnitsInput, @Ctx() ctx: ResidentsContext): Promise<Unit[]> {
    requireRole(ctx.identity, [Role.SUPERVISOR], 'add units');
    const building = await findBuilding(ctx.em, input.buildingId);
    requirePropertyAccess(ctx.identity, building.property.id);
    return addUnits(ctx, input, building);
  }

  @FieldResolver(() => Building)
  building(@Root() unit: Unit, @Ctx() ctx: ResidentsContext): Promise<Building> {
    return ctx
      .loader<string, Building>('building', async (ids) => {
        const rows = await findForRead(ctx.em, Building, { id: { $in: [...ids] } });
        return inIdOrder(ids, rows).map((b, i) => b ?? new Error(`Building ${ids[i]} missing`));
      })
      .load(unit.building.id);
  }

  @FieldResolver(() => [Resident])
  residents(
    @Root() unit: Unit,
    @Arg('activeOnly', () => Boolean, { defaultValue: true }) activeOnly: boolean,
    @Ctx() ctx: ResidentsContext,
  ): Promise<Resident[]> {
    return ctx
      .loader<string, Resident[]>(`residentsByUnit:${activeOnly}`, async (ids) => {
        const where: FilterQuery<Resident> = { unit: { $in: [...ids] }, ...(activeOnly ? { active: true } : {}) };
        const rows = await findForRead(ctx.em, Resident, where, { orderBy: { createdAt: 'asc', id: 'asc' } });
        return groupBy(ids, rows, (r) => r.unit.id);
      })
      .load(unit.id);
  }
}
