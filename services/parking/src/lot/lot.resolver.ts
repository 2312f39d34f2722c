import { requirePropertyAccess, requireReader, requireRole, Role, STAFF_ROLES } from '@pm/identity';
import { groupBy } from '@pm/subgraph';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';

import { LeaseTerm } from '../lease/lease.enums';
import { type ParkingContext } from '../settings';
import { CreateParkingLotInput, ParkingPriceInput, ParkingSpaceInput } from './lot.inputs';
import { ParkingLot, ParkingPrice, ParkingSpace } from './lot.entity';
import { addSpaces, createParkingLot, type LotCounts, lotCounts, pricesOf, setPrices, setSpaceInService } from './lot.service';

function counts(ctx: ParkingContext, lot: ParkingLot): Promise<LotCounts> {
  return ctx.loader<string, LotCounts>('lotCounts', async (ids) => {
    const found = await lotCounts(ctx.em, ids);
    return ids.map((id) => found.get(id)!);
  }).load(lot.id);
}

// Reads are checked by the access policy (READ_POLICY.ParkingLot) wherever a lot is reached.
@Resolver(() => ParkingLot)
export class ParkingLotResolver {
  @Query(() => ParkingLot, { nullable: true })
  parkingLot(@Arg('id', () => ID) id: string, @Ctx() ctx: ParkingContext): Promise<ParkingLot | null> {
    return ctx.em.findOne(ParkingLot, id);
  }

  @Query(() => [ParkingLot], { description: "A property's car parks, by name (residents: their own property's)" })
  parkingLots(@Arg('propertyId', () => ID) propertyId: string, @Ctx() ctx: ParkingContext): Promise<ParkingLot[]> {
    if (ctx.identity.kind !== 'resident') requireReader(ctx.identity, propertyId, 'parking', [...STAFF_ROLES], 'parking lots');
    return ctx.em.find(ParkingLot, { propertyId }, { orderBy: { name: 'asc', id: 'asc' } });
  }

  @Mutation(() => ParkingLot)
  createParkingLot(@Arg('input') input: CreateParkingLotInput, @Ctx() ctx: ParkingContext): Promise<ParkingLot> {
    requireRole(ctx.identity, [Role.SUPERVISOR], 'create parking lots');
    requirePropertyAccess(ctx.identity, input.propertyId);
    return createParkingLot(ctx, input);
  }

  @Mutation(() => ParkingLot, { description: 'New spaces (EV charging, accessible, motorcycle or standard); waiting households are offered them at once' })
  addParkingSpaces(@Arg('lotId', () => ID) lotId: string, @Arg('spaces', () => [ParkingSpaceInput]) spaces: ParkingSpaceInput[], @Ctx() ctx: ParkingContext): Promise<ParkingLot> {
    requireRole(ctx.identity, [Role.SUPERVISOR], 'add parking spaces');
    return addSpaces(ctx, lotId, spaces);
  }

  @Mutation(() => ParkingSpace, { description: 'Takes a space out of service (with the reason) or puts it back (the waiting list is served)' })
  setParkingSpaceInService(
    @Arg('lotId', () => ID) lotId: string,
    @Arg('code') code: string,
    @Arg('inService') inService: boolean,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Ctx() ctx: ParkingContext,
  ): Promise<ParkingSpace> {
    requireRole(ctx.identity, [Role.SUPERVISOR, Role.SECURITY], 'take parking spaces out of service');
    return setSpaceInService(ctx, lotId, code, inService, reason ?? null);
  }

  @Mutation(() => ParkingLot, { description: "Sets the lot's rent per term (fen); terms not named keep theirs" })
  setParkingPrices(@Arg('lotId', () => ID) lotId: string, @Arg('prices', () => [ParkingPriceInput]) prices: ParkingPriceInput[], @Ctx() ctx: ParkingContext): Promise<ParkingLot> {
    requireRole(ctx.identity, [Role.SUPERVISOR], 'set parking prices');
    return setPrices(ctx, lotId, prices);
  }

  @FieldResolver(() => Int, { description: 'Spaces in service' })
  async capacity(@Root() lot: ParkingLot, @Ctx() ctx: ParkingContext): Promise<number> {
    return (await counts(ctx, lot)).capacity;
  }

  @FieldResolver(() => Int, { description: 'Spaces in service neither leased nor held for a lease awaiting payment' })
  async available(@Root() lot: ParkingLot, @Ctx() ctx: ParkingContext): Promise<number> {
    const { capacity, taken } = await counts(ctx, lot);
    return Math.max(capacity - taken, 0);
  }

  @FieldResolver(() => Int, { description: 'Active leases' })
  async occupied(@Root() lot: ParkingLot, @Ctx() ctx: ParkingContext): Promise<number> {
    return (await counts(ctx, lot)).active;
  }

  @FieldResolver(() => Int, { description: 'Spaces held for leases awaiting payment' })
  async pendingPayment(@Root() lot: ParkingLot, @Ctx() ctx: ParkingContext): Promise<number> {
    return (await counts(ctx, lot)).pending;
  }

  @FieldResolver(() => Int, { description: 'Households on the waiting list' })
  async waiting(@Root() lot: ParkingLot, @Ctx() ctx: ParkingContext): Promise<number> {
    return (await counts(ctx, lot)).waiting;
  }

  @FieldResolver(() => Int)
  async outOfService(@Root() lot: ParkingLot, @Ctx() ctx: ParkingContext): Promise<number> {
    return (await counts(ctx, lot)).outOfService;
  }

  @FieldResolver(() => [ParkingSpace], { description: 'Every space, by code' })
  spaces(@Root() lot: ParkingLot, @Ctx() ctx: ParkingContext): Promise<ParkingSpace[]> {
    return ctx.loader<string, ParkingSpace[]>('spaces', async (ids) => groupBy(ids, await ctx.em.find(ParkingSpace, { lot: { $in: [...ids] } }, { orderBy: { code: 'asc' } }), (s) => s.lot.id)).load(lot.id);
  }

  @FieldResolver(() => [ParkingPrice], { description: 'Rent per term, fen (the lot’s own, or the company standard)' })
  async prices(@Root() lot: ParkingLot, @Ctx() ctx: ParkingContext): Promise<ParkingPrice[]> {
    const prices = await ctx.loader<string, Record<LeaseTerm, number>>('prices', async (ids) => {
      const found = await pricesOf(ctx.em, ids, ctx.settings.standardPrices);
      return ids.map((id) => found.get(id)!);
    }).load(lot.id);
    return Object.values(LeaseTerm).map((term) => Object.assign(new ParkingPrice(), { lot, term, amountFen: prices[term] }));
  }
}
