import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '@pm/db';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** 日常巡查: a daily round, a round covering every floor (twice a week), the monthly check of vacant units. */
export enum PatrolKind {
  DAILY = 'DAILY',
  FULL_COVERAGE = 'FULL_COVERAGE',
  VACANT_UNITS = 'VACANT_UNITS',
}
registerEnumType(PatrolKind, { name: 'PatrolKind', description: '每日巡视 / 全覆盖巡视 / 空置房检查' });

/** The common areas a daily round covers: 总平, 绿化, 大厅, 车场. */
export enum PatrolArea {
  GROUNDS = 'GROUNDS',
  GREENERY = 'GREENERY',
  LOBBY = 'LOBBY',
  CAR_PARK = 'CAR_PARK',
}
registerEnumType(PatrolArea, { name: 'PatrolArea', description: '总平 / 绿化 / 大厅 / 车场' });

@ObjectType({ description: 'A floor of a building' })
export class PatrolFloor {
  @Field(() => ID) buildingId: string;
  @Field() buildingName: string;
  @Field(() => Int) floor: number;
}

/**
 * One patrol round (巡视) of a property and what it must cover: chosen when it starts (a daily
 * round's 5 random floors per building, every floor for a full round, every vacant unit for the
 * monthly check) and confirmed when it is completed. Findings are tickets (PATROL_FINDING).
 */
@Entity({ tableName: 'patrol_round' })
@Index({ properties: ['propertyId', 'date', 'kind'] })
@ObjectType('PatrolRound', { description: '巡视: one patrol round, what it had to cover and what it covered' })
@Directive('@key(fields: "id")')
export class PatrolRound {
  [OptionalProps]?: 'completedAt' | 'areasChecked' | 'floorsChecked' | 'unitsChecked' | 'note';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @Property({ type: 'uuid' })
  propertyId: string;

  @Enum({ items: () => PatrolKind, nativeEnumName: 'patrol_kind' })
  @Field(() => PatrolKind)
  kind: PatrolKind;

  @Property({ type: 'date' })
  @Field({ description: 'The local day of the round (YYYY-MM-DD)' })
  date: string;

  @Property()
  @Field()
  startedBy: string;

  @Property({ type: 'timestamptz' })
  @Field(() => Date)
  startedAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true })
  completedAt: Date | null = null;

  @Property({ type: 'json' })
  @Field(() => [PatrolFloor], { description: 'The floors this round must check (a daily round: 5 chosen at random per building)' })
  floorsToCheck: PatrolFloor[];

  @Property({ type: 'uuid[]' })
  @Field(() => [ID], { description: 'VACANT_UNITS: the units vacant when the round started, each to be checked' })
  unitsToCheck: string[];

  @Property({ type: 'text[]' })
  @Field(() => [PatrolArea])
  areasChecked: PatrolArea[] = [];

  @Property({ type: 'json' })
  @Field(() => [PatrolFloor])
  floorsChecked: PatrolFloor[] = [];

  @Property({ type: 'uuid[]' })
  @Field(() => [ID])
  unitsChecked: string[] = [];

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  note: string | null = null;
}
