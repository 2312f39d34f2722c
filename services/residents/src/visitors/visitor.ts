import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { type FilterQuery } from '@mikro-orm/core';
import { newId } from '@pm/db';
import { AppError } from '@pm/errors';
import { connectionOf, PageArgs, paginate } from '@pm/graphql';
import { requirePropertyAccess, requireRole, Role } from '@pm/identity';
import { type SubgraphContext } from '@pm/subgraph';
import { IsInt, IsNotEmpty, IsOptional, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, registerEnumType, Resolver, Root } from 'type-graphql';

import { Unit } from '../unit/unit.entity';

/** How the visitor was let in. */
export enum Admission {
  /** The host confirmed on the intercom (可视对讲确认). */
  HOST_CONFIRMED_ON_INTERCOM = 'HOST_CONFIRMED_ON_INTERCOM',
  /** A visitor pass was checked. */
  PASS_CHECKED = 'PASS_CHECKED',
  /** A staff card was shown. */
  STAFF_CARD = 'STAFF_CARD',
}
registerEnumType(Admission, { name: 'Admission' });

/** 来人来访记录: one visit, with its host unit, purpose and how entry was approved. */
@Entity({ tableName: 'visitor_entry' })
@Index({ properties: ['propertyId', 'arrivedAt', 'id'] })
@Index({ properties: ['hostUnitId', 'arrivedAt'] })
@ObjectType('VisitorEntry', { description: '来人来访记录' })
export class VisitorEntry {
  [OptionalProps]?: 'arrivedAt' | 'leftAt' | 'visitors';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @Property({ type: 'uuid' })
  propertyId: string;

  @Property({ type: 'uuid' })
  hostUnitId: string;

  @Property()
  @Field()
  visitorName: string;

  @Property({ type: 'int' })
  @Field(() => Int, { description: 'People in the party' })
  visitors: number = 1;

  @Property()
  @Field()
  purpose: string;

  @Enum({ items: () => Admission, nativeEnumName: 'admission' })
  @Field(() => Admission)
  admission: Admission;

  @Property()
  @Field({ description: 'The guard or desk staff who let them in' })
  admittedBy: string;

  @Property({ type: 'timestamptz' })
  @Field(() => Date)
  arrivedAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true })
  leftAt: Date | null = null;
}

@InputType()
export class VisitorInput {
  @Field(() => ID)
  @IsUUID()
  hostUnitId: string;

  @Field()
  @IsNotEmpty({ message: 'visitorName must not be empty' })
  @MaxLength(100)
  visitorName: string;

  @Field(() => Int, { defaultValue: 1 })
  @IsInt()
  @Min(1)
  @Max(100)
  visitors: number;

  @Field()
  @IsNotEmpty({ message: 'purpose must say why they visit' })
  @MaxLength(200)
  purpose: string;

  @Field(() => Admission)
  admission: Admission;
}

@ArgsType()
class VisitorsArgs extends PageArgs {
  @Field(() => ID)
  propertyId: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  hostUnitId?: string;

  @Field(() => Date, { nullable: true })
  from?: Date;

  @Field(() => Date, { nullable: true })
  to?: Date;
}

const VisitorConnection = connectionOf(VisitorEntry, 'VisitorEntry');

@Resolver(() => VisitorEntry)
export class VisitorResolver {
  @Mutation(() => VisitorEntry, { description: '来人来访记录: register a visitor at the gate or desk' })
  async registerVisitor(@Arg('input') input: VisitorInput, @Ctx() ctx: SubgraphContext): Promise<VisitorEntry> {
    requireRole(ctx.identity, [Role.SECURITY, Role.FRONT_DESK], 'register visitors');
    const unit = await ctx.em.findOne(Unit, input.hostUnitId);
    if (!unit) throw AppError.badInput('hostUnitId', 'no such unit');
    requirePropertyAccess(ctx.identity, unit.propertyId);
    const entry = ctx.em.create(VisitorEntry, {
      propertyId: unit.propertyId, hostUnitId: unit.id, visitorName: input.visitorName.trim(), visitors: input.visitors,
      purpose: input.purpose.trim(), admission: input.admission, admittedBy: ctx.identity.name,
    });
    await ctx.em.flush();
    return entry;
  }

  @Mutation(() => VisitorEntry, { description: 'The visitor left' })
  async recordVisitorExit(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<VisitorEntry> {
    requireRole(ctx.identity, [Role.SECURITY, Role.FRONT_DESK], 'register visitors');
    const entry = await ctx.em.findOne(VisitorEntry, id);
    if (!entry) throw AppError.notFound('VisitorEntry', id);
    requirePropertyAccess(ctx.identity, entry.propertyId);
    if (entry.leftAt) throw AppError.conflict('ALREADY_LEFT', `The visitor left at ${entry.leftAt.toISOString()}`);
    entry.leftAt = new Date();
    await ctx.em.flush();
    return entry;
  }

  @Query(() => VisitorConnection, { description: 'The visitor register, newest first' })
  visitors(@Args() args: VisitorsArgs, @Ctx() ctx: SubgraphContext) {
    requireRole(ctx.identity, [Role.SECURITY, Role.FRONT_DESK], 'read the visitor register');
    requirePropertyAccess(ctx.identity, args.propertyId);
    const where: FilterQuery<VisitorEntry> = { propertyId: args.propertyId };
    if (args.hostUnitId) where.hostUnitId = args.hostUnitId;
    if (args.from || args.to) where.arrivedAt = { ...(args.from ? { $gte: args.from } : {}), ...(args.to ? { $lt: args.to } : {}) };
    return paginate(ctx.em, VisitorEntry, where, args, [['arrivedAt', 'desc'], ['id', 'desc']]);
  }

  @FieldResolver(() => Unit)
  hostUnit(@Root() entry: VisitorEntry, @Ctx() ctx: SubgraphContext): Promise<Unit | null> {
    return ctx.reference('Unit').load(entry.hostUnitId) as Promise<Unit | null>;
  }
}
