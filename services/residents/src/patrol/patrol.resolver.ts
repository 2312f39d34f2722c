import { LockMode } from '@mikro-orm/postgresql';
import { addDays, BusinessCalendar, isMonth } from '@pm/calendar';
import { AppError } from '@pm/errors';
import { canAccessProperty, requirePropertyAccess, requireRole, Role } from '@pm/identity';
import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';

import { Building } from '../property/property.entity';
import { ResidentsErrors } from '../errors';
import { type ResidentsContext } from '../settings';
import { OccupancyStatus, Unit } from '../unit/unit.entity';
import { PatrolArea, PatrolKind, PatrolRound } from './patrol.entity';
import { randomFloors, uncovered } from './patrol.rules';

const PATROLLERS = [Role.FRONT_DESK, Role.SECURITY, Role.ENGINEER];
const calendar = new BusinessCalendar();

@InputType()
class PatrolFloorInput {
  @Field(() => ID) buildingId: string;
  @Field(() => Int) floor: number;
}

@InputType({ description: 'What the round covered' })
class CompletePatrolInput {
  @Field(() => [PatrolArea], { defaultValue: [] }) @ArrayMaxSize(10) areasChecked: PatrolArea[];
  @Field(() => [PatrolFloorInput], { defaultValue: [] }) @ArrayMaxSize(2000) floorsChecked: PatrolFloorInput[];
  @Field(() => [ID], { defaultValue: [] }) @ArrayMaxSize(10_000) unitsChecked: string[];
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(2000) note?: string;
}

@ObjectType()
class PatrolDay {
  @Field() date: string;
  @Field({ description: 'A daily round was completed that day' }) done: boolean;
}

@ObjectType()
class PatrolWeek {
  @Field({ description: 'Monday of the week' }) weekOf: string;
  @Field(() => Int) fullCoverageRounds: number;
  @Field(() => Int) required: number;
  @Field() met: boolean;
}

@ObjectType({ description: '巡查覆盖: daily rounds, full coverage twice a week, vacant units checked in the month' })
class PatrolCoverage {
  @Field(() => ID) propertyId: string;
  @Field() month: string;
  @Field(() => [PatrolDay], { description: 'Each day of the month so far' }) days: PatrolDay[];
  @Field(() => [String], { description: 'Days so far without a completed daily round' }) missedDays: string[];
  @Field(() => [PatrolWeek], { description: 'Each week that starts in the month' }) weeks: PatrolWeek[];
  @Field(() => Int, { description: 'Units vacant now' }) vacantUnits: number;
  @Field(() => Int, { description: 'Of those, checked in a completed vacant-unit round this month' }) vacantUnitsChecked: number;
  @Field({ description: 'Every vacant unit checked this month' }) vacantMet: boolean;
}

/** 日常巡查: patrol rounds of a property, what each had to cover, and the month's coverage. */
@Resolver(() => PatrolRound)
export class PatrolResolver {
  @Mutation(() => PatrolRound, { description: 'Start a round: a DAILY one is given 5 floors per building at random, a FULL_COVERAGE one every floor, a VACANT_UNITS one every vacant unit' })
  async startPatrolRound(@Arg('propertyId', () => ID) propertyId: string, @Arg('kind', () => PatrolKind) kind: PatrolKind, @Ctx() ctx: ResidentsContext): Promise<PatrolRound> {
    requireRole(ctx.identity, PATROLLERS, 'patrol');
    requirePropertyAccess(ctx.identity, propertyId);
    const now = ctx.clock.now();
    const buildings = await ctx.em.find(Building, { property: propertyId } as never, { orderBy: { name: 'asc' } });
    if (!buildings.length) throw AppError.notFound('Property', propertyId);
    const floors = await ctx.em.getConnection().execute<{ building_id: string; floor: number }[]>(
      'select distinct building_id, floor from unit where property_id = ? order by building_id, floor', [propertyId]);
    const floorsOf = (id: string) => floors.filter((f) => f.building_id === id).map((f) => f.floor);
    const floorsToCheck = kind === PatrolKind.VACANT_UNITS ? [] : buildings.flatMap((b) =>
      (kind === PatrolKind.DAILY ? randomFloors(floorsOf(b.id), ctx.settings.patrolRandomFloors) : floorsOf(b.id)).map((floor) => ({ buildingId: b.id, buildingName: b.name, floor })));
    const unitsToCheck = kind === PatrolKind.VACANT_UNITS
      ? (await ctx.em.find(Unit, { propertyId, occupancy: OccupancyStatus.VACANT }, { fields: ['id'], orderBy: { code: 'asc' } })).map((u) => u.id)
      : [];
    const round = ctx.em.create(PatrolRound, { propertyId, kind, date: calendar.localDate(now), startedBy: ctx.identity.name, startedAt: now, floorsToCheck, unitsToCheck });
    await ctx.em.flush();
    return round;
  }

  @Mutation(() => PatrolRound, { description: 'Complete a round with what it covered; refused (naming what is missing) until it covered what it had to' })
  async completePatrolRound(@Arg('id', () => ID) id: string, @Arg('input') input: CompletePatrolInput, @Ctx() ctx: ResidentsContext): Promise<PatrolRound> {
    requireRole(ctx.identity, PATROLLERS, 'patrol');
    return ctx.em.transactional(async (tx) => {
      const round = await tx.findOne(PatrolRound, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!round || !canAccessProperty(ctx.identity, round.propertyId)) throw AppError.notFound('PatrolRound', id);
      if (round.completedAt) throw ResidentsErrors.roundCompleted(round.completedAt);
      const missing = uncovered({ floorsToCheck: round.floorsToCheck, unitsToCheck: round.unitsToCheck, daily: round.kind === PatrolKind.DAILY }, { areas: input.areasChecked, floors: input.floorsChecked, units: input.unitsChecked });
      if (missing.areas.length) throw AppError.badInput('areasChecked', `a daily round covers ${missing.areas.join(', ')} too`);
      if (missing.floors.length) throw AppError.badInput('floorsChecked', `not yet checked: ${missing.floors.map((f) => `${f.buildingName} ${f.floor}F`).join(', ')}`);
      if (missing.units.length) throw AppError.badInput('unitsChecked', `${missing.units.length} vacant unit(s) not yet checked`);
      const names = new Map(round.floorsToCheck.map((f) => [f.buildingId, f.buildingName]));
      round.areasChecked = [...new Set(input.areasChecked)];
      round.floorsChecked = input.floorsChecked.map((f) => ({ buildingId: f.buildingId, buildingName: names.get(f.buildingId) ?? '', floor: f.floor }));
      round.unitsChecked = [...new Set(input.unitsChecked)];
      round.note = input.note?.trim() || null;
      round.completedAt = ctx.clock.now();
      return round;
    });
  }

  @Query(() => [PatrolRound], { description: 'A property’s rounds of one local day (YYYY-MM-DD), in order' })
  patrolRounds(@Arg('propertyId', () => ID) propertyId: string, @Arg('date') date: string, @Ctx() ctx: ResidentsContext): Promise<PatrolRound[]> {
    requireRole(ctx.identity, [...PATROLLERS, Role.SUPERVISOR], 'see patrol rounds');
    requirePropertyAccess(ctx.identity, propertyId);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) throw AppError.badInput('date', 'date must be YYYY-MM-DD');
    return ctx.em.find(PatrolRound, { propertyId, date }, { orderBy: { startedAt: 'asc', id: 'asc' } });
  }

  @Query(() => PatrolCoverage, { description: '巡查覆盖 of a month (YYYY-MM): a daily round every day, full coverage twice a week, every vacant unit checked' })
  async patrolCoverage(@Arg('propertyId', () => ID) propertyId: string, @Arg('month') month: string, @Ctx() ctx: ResidentsContext): Promise<PatrolCoverage> {
    requireRole(ctx.identity, [Role.SUPERVISOR], 'see patrol coverage');
    requirePropertyAccess(ctx.identity, propertyId);
    if (!isMonth(month)) throw AppError.badInput('month', 'month must be YYYY-MM, e.g. 2026-11');
    const today = calendar.localDate(ctx.clock.now());
    const first = `${month}-01`;
    const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
    const rounds = await ctx.em.find(PatrolRound, { propertyId, date: { $gte: first, $lte: addDays(last, 6) }, completedAt: { $ne: null } });
    const days: PatrolDay[] = [];
    for (let d = first; d <= last && d <= today; d = addDays(d, 1)) days.push({ date: d, done: rounds.some((r) => r.kind === PatrolKind.DAILY && r.date === d) });
    const weeks: PatrolWeek[] = [];
    for (let d = first; d <= last; d = addDays(d, 1)) {
      if (new Date(`${d}T00:00:00Z`).getUTCDay() !== 1) continue; // weeks starting (Monday) in the month
      const end = addDays(d, 6);
      const count = rounds.filter((r) => r.kind === PatrolKind.FULL_COVERAGE && r.date >= d && r.date <= end).length;
      weeks.push({ weekOf: d, fullCoverageRounds: count, required: ctx.settings.patrolFullCoveragePerWeek, met: count >= ctx.settings.patrolFullCoveragePerWeek });
    }
    const vacant = (await ctx.em.find(Unit, { propertyId, occupancy: OccupancyStatus.VACANT }, { fields: ['id'] })).map((u) => u.id);
    const checked = new Set(rounds.filter((r) => r.kind === PatrolKind.VACANT_UNITS && r.date >= first && r.date <= last).flatMap((r) => r.unitsChecked));
    const vacantChecked = vacant.filter((id) => checked.has(id)).length;
    return {
      propertyId, month, days, missedDays: days.filter((d) => !d.done && d.date < today).map((d) => d.date), weeks,
      vacantUnits: vacant.length, vacantUnitsChecked: vacantChecked, vacantMet: vacantChecked === vacant.length,
    };
  }
}
