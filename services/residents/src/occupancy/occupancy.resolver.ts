import { LockMode } from '@mikro-orm/postgresql';
import { BusinessCalendar, isMonth } from '@pm/calendar';
import { AppError } from '@pm/errors';
import { hasRole, requirePropertyAccess, requireReader, requireRole, Role, STAFF_ROLES } from '@pm/identity';
import { groupBy, type SubgraphContext } from '@pm/subgraph';
import { IsNotEmpty, IsUUID, MaxLength } from 'class-validator';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';

import { Building } from '../property/property.entity';
import { OccupancyStatus, Unit } from '../unit/unit.entity';
import { OccupancyChange, OccupancyChangeReason } from './occupancy-change.entity';
import { changeOccupancy } from './occupancy.service';

const calendar = new BusinessCalendar();

@ObjectType({ description: 'Units of one building in one occupancy status' })
export class OccupancyCount {
  @Field(() => ID) buildingId: string;
  @Field() buildingName: string;
  @Field(() => OccupancyStatus) status: OccupancyStatus;
  @Field(() => Int) count: number;
}

@ObjectType()
export class OccupancyStatusCount {
  @Field(() => OccupancyStatus) status: OccupancyStatus;
  @Field(() => Int) count: number;
}

@ObjectType({ description: 'One building in the monthly occupancy report: status at the end of the month, changes during it' })
export class OccupancyMonthlyRow {
  @Field(() => ID, { nullable: true, description: 'null on the property total' }) buildingId: string | null;
  @Field() buildingName: string;
  @Field(() => Int) units: number;
  @Field(() => [OccupancyStatusCount]) byStatus: OccupancyStatusCount[];
  @Field(() => Int, { description: 'Units handed over (入伙) in the month' }) handedOver: number;
  @Field(() => Int, { description: 'Move-ins in the month' }) movedIn: number;
  @Field(() => Int, { description: 'Move-outs in the month' }) movedOut: number;
  @Field(() => Int, { description: 'Renovation starts and ends in the month' }) renovation: number;
  @Field(() => Int, { description: "Supervisors' corrections in the month" }) corrections: number;
}

@ObjectType({ description: '月度物业动态信息表: the monthly occupancy report, due by the 3rd of the next month' })
export class OccupancyMonthlyReport {
  @Field(() => ID) propertyId: string;
  @Field() month: string;
  @Field(() => [OccupancyMonthlyRow], { description: 'One row per building, then the property total' }) rows: OccupancyMonthlyRow[];
}

@InputType()
export class CorrectOccupancyInput {
  @Field(() => ID)
  @IsUUID()
  unitId: string;

  @Field(() => OccupancyStatus)
  occupancy: OccupancyStatus;

  @Field({ description: 'Why the record was wrong; kept in the audit trail' })
  @IsNotEmpty({ message: 'reason must say why the record is corrected' })
  @MaxLength(500)
  reason: string;
}

type Row = Record<string, unknown>;

@Resolver()
export class OccupancyResolver {
  @Query(() => [OccupancyCount], { description: 'Units by building and occupancy status, now (every combination, zeros included)' })
  async occupancyReport(@Arg('propertyId', () => ID) propertyId: string, @Ctx() ctx: SubgraphContext): Promise<OccupancyCount[]> {
    requireReader(ctx.identity, propertyId, 'residents', [...STAFF_ROLES], 'the occupancy report');
    const buildings = await ctx.em.find(Building, { property: propertyId }, { orderBy: { name: 'asc', id: 'asc' } });
    const rows: Row[] = await ctx.em.getConnection().execute(
      'select building_id, occupancy, count(*)::int as count from unit where property_id = ? group by building_id, occupancy', [propertyId]);
    const counts = new Map(rows.map((r) => [`${r.building_id}:${r.occupancy}`, Number(r.count)]));
    return buildings.flatMap((b) => Object.values(OccupancyStatus).map((status) => ({ buildingId: b.id, buildingName: b.name, status, count: counts.get(`${b.id}:${status}`) ?? 0 })));
  }

  @Query(() => OccupancyMonthlyReport, { description: '月度物业动态信息表 for a month (YYYY-MM): status at the month end, changes during it' })
  async occupancyMonthlyReport(@Arg('propertyId', () => ID) propertyId: string, @Arg('month') month: string, @Ctx() ctx: SubgraphContext): Promise<OccupancyMonthlyReport> {
    if (!isMonth(month)) throw AppError.badInput('month', 'month must be YYYY-MM, e.g. 2026-11');
    requireReader(ctx.identity, propertyId, 'residents', [Role.SUPERVISOR], 'the monthly occupancy report');
    const { from, to } = calendar.monthRange(month);
    const db = ctx.em.getConnection();
    const buildings = await ctx.em.find(Building, { property: propertyId }, { orderBy: { name: 'asc', id: 'asc' } });
    // A unit's status at the month end: the last change before it; with no change since, its status
    // then was the first change's "from", or what it is now.
    const statuses: Row[] = await db.execute(`
      select building_id, status, count(*)::int as count from (
        select u.building_id, coalesce(
          (select c.to from occupancy_change c where c.unit_id = u.id and c.at < ? order by c.at desc, c.id desc limit 1),
          (select c.from from occupancy_change c where c.unit_id = u.id order by c.at asc, c.id asc limit 1),
          u.occupancy) as status
        from unit u where u.property_id = ? and u.created_at < ?) s
      group by building_id, status`, [to, propertyId, to]);
    const changes: Row[] = await db.execute(
      'select building_id, reason, count(*)::int as count from occupancy_change where property_id = ? and at >= ? and at < ? group by building_id, reason',
      [propertyId, from, to]);
    const row = (buildingId: string | null, buildingName: string): OccupancyMonthlyRow => {
      const mine = (r: Row) => buildingId === null || r.building_id === buildingId;
      const byStatus = Object.values(OccupancyStatus).map((status) => ({
        status, count: statuses.filter((r) => mine(r) && r.status === status).reduce((n, r) => n + Number(r.count), 0),
      }));
      const changed = (reason: OccupancyChangeReason) => changes.filter((r) => mine(r) && r.reason === reason).reduce((n, r) => n + Number(r.count), 0);
      return {
        buildingId, buildingName, units: byStatus.reduce((n, s) => n + s.count, 0), byStatus,
        handedOver: changed(OccupancyChangeReason.HANDOVER), movedIn: changed(OccupancyChangeReason.MOVE_IN), movedOut: changed(OccupancyChangeReason.MOVE_OUT),
        renovation: changed(OccupancyChangeReason.RENOVATION), corrections: changed(OccupancyChangeReason.CORRECTION),
      };
    };
    return { propertyId, month, rows: [...buildings.map((b) => row(b.id, b.name)), row(null, 'TOTAL')] };
  }

  @Mutation(() => Unit, { description: "Supervisor: correct a unit's occupancy record outside the workflows; audited with the reason" })
  async correctOccupancy(@Arg('input') input: CorrectOccupancyInput, @Ctx() ctx: SubgraphContext): Promise<Unit> {
    requireRole(ctx.identity, [Role.SUPERVISOR], 'correct occupancy records');
    return ctx.em.transactional(async (tx) => {
      const unit = await tx.findOne(Unit, input.unitId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!unit) throw AppError.notFound('Unit', input.unitId);
      requirePropertyAccess(ctx.identity, unit.propertyId);
      if (unit.occupancy === input.occupancy) throw AppError.conflict('NO_CHANGE', `Unit ${unit.code} is already ${input.occupancy}`);
      changeOccupancy(tx, ctx.identity, unit, input.occupancy, OccupancyChangeReason.CORRECTION, input.reason.trim());
      return unit;
    });
  }
}

@Resolver(() => Unit)
export class UnitOccupancyResolver {
  @FieldResolver(() => [OccupancyChange], { description: "The unit's occupancy changes, newest first (staff only)" })
  occupancyHistory(@Root() unit: Unit, @Ctx() ctx: SubgraphContext): Promise<OccupancyChange[]> | OccupancyChange[] {
    if (ctx.identity.kind !== 'staff' || !hasRole(ctx.identity, Role.FRONT_DESK, Role.SECURITY, Role.CASHIER, Role.ENGINEER)) return [];
    return ctx
      .loader<string, OccupancyChange[]>('occupancy-history', async (ids) =>
        groupBy(ids, await ctx.em.find(OccupancyChange, { unitId: { $in: [...ids] } }, { orderBy: { at: 'desc', id: 'desc' } }), (c) => c.unitId))
      .load(unit.id);
  }
}
