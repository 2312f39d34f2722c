import { canRead, requirePropertyAccess, requireRole, Role } from '@pm/identity';
import { type SubgraphContext } from '@pm/subgraph';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';

import { CreateParkingLotInput } from './lot.inputs';
import { ParkingLot } from './lot.entity';
import { createParkingLot, lotCounts } from './lot.service';

function counts(ctx: SubgraphContext, lot: ParkingLot) {
  return ctx.loader<string, { capacity: number; taken: number }>('lotCounts', async (ids) => {
    const found = await lotCounts(ctx.em, ids);
    return ids.map((id) => found.get(id)!);
  }).load(lot.id);
}

@Resolver(() => ParkingLot)
export class ParkingLotResolver {
  @Query(() => ParkingLot, { nullable: true })
  async parkingLot(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<ParkingLot | null> {
    const lot = await ctx.em.findOne(ParkingLot, id);
    return lot && (ctx.identity.kind === 'resident' ? ctx.identity.propertyIds.includes(lot.propertyId) : canRead(ctx.identity, lot.propertyId, 'parking')) ? lot : null;
  }

  @Mutation(() => ParkingLot)
  async createParkingLot(@Arg('input') input: CreateParkingLotInput, @Ctx() ctx: SubgraphContext): Promise<ParkingLot> {
    requireRole(ctx.identity, [Role.SUPERVISOR], 'create parking lots');
    requirePropertyAccess(ctx.identity, input.propertyId);
    return createParkingLot(ctx, input);
  }

  @FieldResolver(() => Int)
  async capacity(@Root() lot: ParkingLot, @Ctx() ctx: SubgraphContext): Promise<number> {
    return (await counts(ctx, lot)).capacity;
  }

  @FieldResolver(() => Int, { description: 'Spaces neither leased nor held for a lease awaiting payment' })
  async available(@Root() lot: ParkingLot, @Ctx() ctx: SubgraphContext): Promise<number> {
    const { capacity, taken } = await counts(ctx, lot);
    return Math.max(capacity - taken, 0);
  }
}
