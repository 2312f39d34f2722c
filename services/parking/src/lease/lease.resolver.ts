import { type FilterQuery } from '@mikro-orm/core';
import { AppError } from '@pm/errors';
import { connectionOf, PageArgs, paginate } from '@pm/graphql';
import { canRead, requirePropertyAccess, requireRole, Role } from '@pm/identity';
import { groupBy, type SubgraphContext } from '@pm/subgraph';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';

import { ResidentRef, UnitRef } from '../federation/references';
import { ParkingLot } from '../lot/lot.entity';
import { findLot } from '../lot/lot.service';
import { ParkingLease } from './lease.entity';
import { ParkingLeaseStatus } from './lease.enums';
import { ParkingApplicationInput } from './lease.inputs';
import { applyForParking } from './lease.service';

const ParkingLeaseConnection = connectionOf(ParkingLease, 'ParkingLease');

@ArgsType()
class LeasesArgs extends PageArgs {
  @Field(() => ID)
  lotId: string;

  @Field(() => ParkingLeaseStatus, { nullable: true })
  status?: ParkingLeaseStatus;
}

@Resolver(() => ParkingLease)
export class ParkingLeaseResolver {
  @Query(() => ParkingLeaseConnection)
  async parkingLeases(@Args() args: LeasesArgs, @Ctx() ctx: SubgraphContext) {
    const lot = await findLot(ctx.em, args.lotId);
    if (!canRead(ctx.identity, lot.propertyId, 'parking') || ctx.identity.kind === 'resident') throw AppError.forbidden('You may not list the leases of this lot');
    const where: FilterQuery<ParkingLease> = { lot, ...(args.status ? { status: args.status } : {}) };
    return paginate(ctx.em, ParkingLease, where, args, [['createdAt', 'asc'], ['id', 'asc']]);
  }

  @Mutation(() => ParkingLease, { description: '月租申请: apply for a monthly space' })
  async applyForParking(@Arg('input') input: ParkingApplicationInput, @Ctx() ctx: SubgraphContext): Promise<ParkingLease> {
    requireRole(ctx.identity, [Role.FRONT_DESK, Role.SECURITY, Role.CASHIER], 'take parking applications');
    requirePropertyAccess(ctx.identity, (await findLot(ctx.em, input.lotId)).propertyId);
    return applyForParking(ctx, input);
  }

  @FieldResolver(() => ParkingLot)
  lot(@Root() lease: ParkingLease, @Ctx() ctx: SubgraphContext): Promise<ParkingLot> {
    return ctx.reference('ParkingLot').load(lease.lot.id) as Promise<ParkingLot>;
  }

  @FieldResolver(() => UnitRef)
  unit(@Root() lease: ParkingLease): UnitRef {
    return { id: lease.unitId };
  }

  @FieldResolver(() => ResidentRef)
  holder(@Root() lease: ParkingLease): ResidentRef {
    return { id: lease.holderId };
  }
}

@Resolver(() => UnitRef)
export class UnitParkingResolver {
  @FieldResolver(() => [ParkingLease], { description: "The unit's parking leases, newest first" })
  parkingLeases(@Root() unit: UnitRef, @Ctx() ctx: SubgraphContext): Promise<ParkingLease[]> {
    // Which of them the caller may see is the access policy's call (READ_POLICY.ParkingLease).
    return ctx
      .loader<string, ParkingLease[]>('leasesByUnit', async (ids) => {
        const rows = await ctx.em.find(ParkingLease, { unitId: { $in: [...ids] } }, { orderBy: { createdAt: 'desc', id: 'desc' } });
        return groupBy(ids, rows, (lease) => lease.unitId);
      })
      .load(unit.id);
  }
}
