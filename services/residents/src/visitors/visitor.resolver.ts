import { type FilterQuery } from '@mikro-orm/core';
import { connectionOf, paginate } from '@pm/graphql';
import { requirePropertyAccess, requireRole, Role } from '@pm/identity';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';

import { Unit } from '../unit/unit.entity';
import { VisitorEntry } from './visitor.entity';
import { VisitorInput, VisitorsArgs } from './visitor.inputs';
import { recordVisitorExit, registerVisitor } from './visitor.service';
import { type ResidentsContext } from '../settings';

const VisitorConnection = connectionOf(VisitorEntry, 'VisitorEntry');
const GATE = [Role.SECURITY, Role.FRONT_DESK];

@Resolver(() => VisitorEntry)
export class VisitorResolver {
  @Mutation(() => VisitorEntry, { description: '来人来访记录: register a visitor at the gate or desk' })
  registerVisitor(@Arg('input') input: VisitorInput, @Ctx() ctx: ResidentsContext): Promise<VisitorEntry> {
    requireRole(ctx.identity, GATE, 'register visitors');
    return registerVisitor(ctx, input);
  }

  @Mutation(() => VisitorEntry, { description: 'The visitor left' })
  recordVisitorExit(@Arg('id', () => ID) id: string, @Ctx() ctx: ResidentsContext): Promise<VisitorEntry> {
    requireRole(ctx.identity, GATE, 'register visitors');
    return recordVisitorExit(ctx, id);
  }

  @Query(() => VisitorConnection, { description: 'The visitor register, newest first' })
  visitors(@Args() args: VisitorsArgs, @Ctx() ctx: ResidentsContext) {
    requireRole(ctx.identity, GATE, 'read the visitor register');
    requirePropertyAccess(ctx.identity, args.propertyId);
    const where: FilterQuery<VisitorEntry> = { propertyId: args.propertyId };
    if (args.hostUnitId) where.hostUnitId = args.hostUnitId;
    if (args.from || args.to) where.arrivedAt = { ...(args.from ? { $gte: args.from } : {}), ...(args.to ? { $lt: args.to } : {}) };
    return paginate(ctx.em, VisitorEntry, where, args, [['arrivedAt', 'desc'], ['id', 'desc']]);
  }

  @FieldResolver(() => Unit, { nullable: true, description: 'null: a visitor of the property itself, approved by the duty manager' })
  async hostUnit(@Root() entry: VisitorEntry, @Ctx() ctx: ResidentsContext): Promise<Unit | null> {
    return entry.hostUnitId ? ((await ctx.reference('Unit').load(entry.hostUnitId)) as Unit | null) : null;
  }
}
