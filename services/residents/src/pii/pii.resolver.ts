import { type FilterQuery } from '@mikro-orm/core';
import { AppError } from '@pm/errors';
import { connectionOf, PageArgs, paginate } from '@pm/graphql';
import { requirePropertyAccess } from '@pm/identity';
import { type SubgraphContext } from '@pm/subgraph';
import { IsOptional, IsUUID } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';

import { canReadResident } from '../access';
import { Resident } from '../resident/resident.entity';
import { markRevealed, mayUnmask } from './pii';
import { PiiAccess } from './pii-access.entity';

const PiiAccessConnection = connectionOf(PiiAccess, 'PiiAccess');

@ArgsType()
class PiiAccessArgs extends PageArgs {
  @Field(() => ID)
  propertyId: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  residentId?: string;
}

function requireProjectManager(ctx: SubgraphContext, action: string): void {
  if (!mayUnmask(ctx.identity)) throw AppError.forbidden(`Only a project manager may ${action}`);
}

@Resolver(() => PiiAccess)
export class PiiResolver {
  @Mutation(() => Resident, { description: "PROJECT_MANAGER only: a resident's unmasked phone and ID number, written to the access log with the reason" })
  async revealResidentPii(@Arg('residentId', () => ID) residentId: string, @Arg('reason') reason: string, @Ctx() ctx: SubgraphContext): Promise<Resident> {
    requireProjectManager(ctx, 'see unmasked personal data');
    if (reason.trim().length < 4) throw AppError.badInput('reason', 'state why you need the personal data (at least 4 characters)');
    if (reason.length > 500) throw AppError.badInput('reason', 'reason must be at most 500 characters');
    const resident = await ctx.em.findOne(Resident, residentId);
    if (!resident || !canReadResident(ctx.identity, resident)) throw AppError.notFound('Resident', residentId);
    requirePropertyAccess(ctx.identity, resident.propertyId);
    ctx.em.create(PiiAccess, {
      residentId, propertyId: resident.propertyId, accessorId: ctx.identity.sub, accessorName: ctx.identity.name,
      fields: ['emergencyContactPhone', 'idNumber', 'phone'], reason: reason.trim(), via: 'REVEAL',
    });
    await ctx.em.flush();
    markRevealed(ctx, residentId);
    return resident;
  }

  @Query(() => PiiAccessConnection, { description: 'PROJECT_MANAGER only: the access log of personal data, newest first' })
  piiAccessLog(@Args() args: PiiAccessArgs, @Ctx() ctx: SubgraphContext) {
    requireProjectManager(ctx, 'read the personal-data access log');
    requirePropertyAccess(ctx.identity, args.propertyId);
    const where: FilterQuery<PiiAccess> = { propertyId: args.propertyId, ...(args.residentId ? { residentId: args.residentId } : {}) };
    return paginate(ctx.em, PiiAccess, where, args, [['at', 'desc'], ['id', 'desc']]);
  }

  @FieldResolver(() => Resident, { nullable: true })
  resident(@Root() entry: PiiAccess, @Ctx() ctx: SubgraphContext): Promise<Resident | null> {
    return ctx.reference('Resident').load(entry.residentId) as Promise<Resident | null>;
  }
}
