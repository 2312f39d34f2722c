import { type FilterQuery } from '@mikro-orm/core';
import { connectionOf, PageArgs, paginate } from '@pm/graphql';
import { requirePropertyAccess } from '@pm/identity';
import { IsOptional, IsUUID } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';

import { Resident } from '../resident/resident.entity';
import { requireProjectManager, revealResidentPii } from './pii.service';
import { PiiAccess } from './pii-access.entity';
import { type ResidentsContext } from '../settings';

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

@Resolver(() => PiiAccess)
export class PiiResolver {
  @Mutation(() => Resident, { description: "PROJECT_MANAGER only: a resident's unmasked phone and ID number, written to the access log with the reason" })
  revealResidentPii(@Arg('residentId', () => ID) residentId: string, @Arg('reason') reason: string, @Ctx() ctx: ResidentsContext): Promise<Resident> {
    return revealResidentPii(ctx, residentId, reason);
  }

  @Query(() => PiiAccessConnection, { description: 'PROJECT_MANAGER only: the access log of personal data, newest first' })
  piiAccessLog(@Args() args: PiiAccessArgs, @Ctx() ctx: ResidentsContext) {
    requireProjectManager(ctx, 'read the personal-data access log');
    requirePropertyAccess(ctx.identity, args.propertyId);
    const where: FilterQuery<PiiAccess> = { propertyId: args.propertyId, ...(args.residentId ? { residentId: args.residentId } : {}) };
    return paginate(ctx.em, PiiAccess, where, args, [['at', 'desc'], ['id', 'desc']]);
  }

  @FieldResolver(() => Resident, { nullable: true })
  resident(@Root() entry: PiiAccess, @Ctx() ctx: ResidentsContext): Promise<Resident | null> {
    return ctx.reference('Resident').load(entry.residentId) as Promise<Resident | null>;
  }
}
