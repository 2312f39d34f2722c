import { isMonth } from '@pm/calendar';
import { AppError } from '@pm/errors';
import { hasRole, requireReader, requireRole, Role, STAFF_ROLES } from '@pm/identity';
import { groupBy } from '@pm/subgraph';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';

import { Unit } from '../unit/unit.entity';
import { OccupancyChange } from './occupancy-change.entity';
import { CorrectOccupancyInput } from './occupancy.inputs';
import { correctOccupancy, occupancyMonthlyReport, occupancyReport } from './occupancy.service';
import { OccupancyCount, OccupancyMonthlyReport } from './occupancy.types';
import { type ResidentsContext } from '../settings';

@Resolver()
export class OccupancyResolver {
  @Query(() => [OccupancyCount], { description: 'Units by building and occupancy status, now (every combination, zeros included)' })
  occupancyReport(@Arg('propertyId', () => ID) propertyId: string, @Ctx() ctx: ResidentsContext): Promise<OccupancyCount[]> {
    requireReader(ctx.identity, propertyId, 'residents', [...STAFF_ROLES], 'the occupancy report');
    return occupancyReport(ctx.em, propertyId);
  }

  @Query(() => OccupancyMonthlyReport, { description: '月度物业动态信息表 for a month (YYYY-MM): status at the month end, changes during it' })
  occupancyMonthlyReport(@Arg('propertyId', () => ID) propertyId: string, @Arg('month') month: string, @Ctx() ctx: ResidentsContext): Promise<OccupancyMonthlyReport> {
    if (!isMonth(month)) throw AppError.badInput('month', 'month must be YYYY-MM, e.g. 2026-11');
    requireReader(ctx.identity, propertyId, 'residents', [Role.SUPERVISOR], 'the monthly occupancy report');
    return occupancyMonthlyReport(ctx.em, propertyId, month);
  }

  @Mutation(() => Unit, { description: "Supervisor: correct a unit's occupancy record outside the workflows; audited with the reason" })
  correctOccupancy(@Arg('input') input: CorrectOccupancyInput, @Ctx() ctx: ResidentsContext): Promise<Unit> {
    requireRole(ctx.identity, [Role.SUPERVISOR], 'correct occupancy records');
    return correctOccupancy(ctx, input);
  }
}

@Resolver(() => Unit)
export class UnitOccupancyResolver {
  @FieldResolver(() => [OccupancyChange], { description: "The unit's occupancy changes, newest first (staff only)" })
  occupancyHistory(@Root() unit: Unit, @Ctx() ctx: ResidentsContext): Promise<OccupancyChange[]> | OccupancyChange[] {
    if (ctx.identity.kind !== 'staff' || !hasRole(ctx.identity, Role.FRONT_DESK, Role.SECURITY, Role.CASHIER, Role.ENGINEER)) return [];
    return ctx
      .loader<string, OccupancyChange[]>('occupancy-history', async (ids) =>
        groupBy(ids, await ctx.em.find(OccupancyChange, { unitId: { $in: [...ids] } }, { orderBy: { at: 'desc', id: 'desc' } }), (c) => c.unitId))
      .load(unit.id);
  }
}
