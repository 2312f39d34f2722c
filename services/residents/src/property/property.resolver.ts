import { findForRead } from '@pm/db';
import { AppError } from '@pm/errors';
import { ALL_PROPERTIES, canRead, requirePropertyAccess, requireRole, Role } from '@pm/identity';
import { groupBy } from '@pm/subgraph';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';

import { Unit } from '../unit/unit.entity';
import { AddBuildingInput, CreatePropertyInput } from './property.inputs';
import { Building, Estate } from './property.entity';
import { addBuilding, createProperty } from './property.service';
import { type ResidentsContext } from '../settings';

@Resolver(() => Estate)
export class PropertyResolver {
  @Query(() => Estate, { nullable: true, description: 'A property, if the caller may see it' })
  async property(@Arg('id', () => ID) id: string, @Ctx() ctx: ResidentsContext): Promise<Estate | null> {
    const property = await ctx.em.findOne(Estate, id);
    return property && canRead(ctx.identity, property.id, 'residents') ? property : null;
  }

  @Query(() => [Estate], { description: 'The properties the caller works for' })
  async properties(@Ctx() ctx: ResidentsContext): Promise<Estate[]> {
    const all = await ctx.em.find(Estate, {}, { orderBy: { name: 'asc' } });
    return all.filter((property) => canRead(ctx.identity, property.id, 'residents'));
  }

  @Mutation(() => Estate)
  async createProperty(@Arg('input') input: CreatePropertyInput, @Ctx() ctx: ResidentsContext): Promise<Estate> {
    requireRole(ctx.identity, [Role.PROJECT_MANAGER], 'create a property');
    // A new property belongs to no one's list yet: only head office (every property) opens one, and can then read it.
    if (!ctx.identity.propertyIds.includes(ALL_PROPERTIES)) throw AppError.forbidden('Only head office (propertyIds ["*"]) creates properties');
    return createProperty(ctx, input);
  }

  @Mutation(() => Building)
  async addBuilding(@Arg('input') input: AddBuildingInput, @Ctx() ctx: ResidentsContext): Promise<Building> {
    requireRole(ctx.identity, [Role.SUPERVISOR], 'add a building');
    requirePropertyAccess(ctx.identity, input.propertyId);
    return addBuilding(ctx, input);
  }

  @FieldResolver(() => [Building])
  buildings(@Root() property: Estate, @Ctx() ctx: ResidentsContext): Promise<Building[]> {
    return ctx
      .loader<string, Building[]>('buildingsByProperty', async (ids) => {
        const rows = await findForRead(ctx.em, Building, { property: { $in: [...ids] } }, { orderBy: { name: 'asc' } });
        return groupBy(ids, rows, (b) => b.property.id);
      })
      .load(property.id);
  }
}

@Resolver(() => Building)
export class BuildingResolver {
  @FieldResolver(() => Estate)
  property(@Root() building: Building, @Ctx() ctx: ResidentsContext): Promise<Estate> {
    return ctx
      .loader<string, Estate>('property', async (ids) => {
        const rows = await findForRead(ctx.em, Estate, { id: { $in: [...ids] } });
        return ids.map((id) => rows.find((p) => p.id === id) ?? new Error(`Property ${id} missing`));
      })
      .load(building.property.id);
  }

  @FieldResolver(() => [Unit])
  units(@Root() building: Building, @Ctx() ctx: ResidentsContext): Promise<Unit[]> {
    return ctx
      .loader<string, Unit[]>('unitsByBuilding', async (ids) => {
        const rows = await findForRead(ctx.em, Unit, { building: { $in: [...ids] } }, { orderBy: { code: 'asc' } });
        return groupBy(ids, rows, (u) => u.building.id);
      })
      .load(building.id);
  }
}
