import { type FilterQuery } from '@mikro-orm/core';
import { isMonth } from '@pm/calendar';
import { findForRead } from '@pm/db';
import { AppError } from '@pm/errors';
import { connectionOf, DateScalar, PageArgs, paginate } from '@pm/graphql';
import { canRead, requireReader, requireRole, Role } from '@pm/identity';
import { groupBy } from '@pm/subgraph';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';

import { ResidentRef, UnitRef } from '../federation/references';
import { ParkingLot } from '../lot/lot.entity';
import { findLot, pricesOf } from '../lot/lot.service';
import { type ParkingContext } from '../settings';
import { ParkingLease, ParkingPayment } from './lease.entity';
import { LeaseTerm, ParkingLeaseStatus } from './lease.enums';
import { ParkingApplicationInput } from './lease.inputs';
import { incomeIn, paymentsIn } from './lease.queries';
import { normalisePlate } from './lease.rules';
import { applyForParking, recordPayment, terminateLease } from './lease.service';
import { IncomeByLot, ParkingIncome } from './lease.types';
import { waitlistPositions } from './lease.waitlist';

const ParkingLeaseConnection = connectionOf(ParkingLease, 'ParkingLease');
const DESK = [Role.FRONT_DESK, Role.SECURITY, Role.CASHIER];

@ArgsType()
class LeasesArgs extends PageArgs {
  @Field(() => ID)
  lotId: string;

  @Field(() => ParkingLeaseStatus, { nullable: true })
  status?: ParkingLeaseStatus;
}

function monthArg(month: string): string {
  if (!isMonth(month)) throw AppError.badInput('month', 'month must be YYYY-MM');
  return month;
}

// Reads are checked by the access policy (READ_POLICY.ParkingLease) wherever a lease is reached.
@Resolver(() => ParkingLease)
export class ParkingLeaseResolver {
  @Query(() => ParkingLease, { nullable: true })
  parkingLease(@Arg('id', () => ID) id: string, @Ctx() ctx: ParkingContext): Promise<ParkingLease | null> {
    return ctx.em.findOne(ParkingLease, id);
  }

  @Query(() => ParkingLeaseConnection, { description: "A lot's leases in the order they were applied for (the waiting list's order)" })
  async parkingLeases(@Args() args: LeasesArgs, @Ctx() ctx: ParkingContext) {
    const lot = await findLot(ctx.em, args.lotId);
    if (!canRead(ctx.identity, lot.propertyId, 'parking') || ctx.identity.kind === 'resident') throw AppError.forbidden('You may not list the leases of this lot');
    const where: FilterQuery<ParkingLease> = { lot, ...(args.status ? { status: args.status } : {}) };
    return paginate(ctx.em, ParkingLease, where, args, [['createdAt', 'asc'], ['id', 'asc']]);
  }

  @Query(() => [ParkingLease], { description: 'A plate at the gate: its leases in the property, newest first (the live one first)' })
  parkingLeasesByPlate(@Arg('propertyId', () => ID) propertyId: string, @Arg('plate') plate: string, @Ctx() ctx: ParkingContext): Promise<ParkingLease[]> {
    requireReader(ctx.identity, propertyId, 'parking', DESK, 'parking leases');
    return ctx.em.find(ParkingLease, { propertyId, plate: normalisePlate(plate) }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  }

  @Query(() => [ParkingPayment], { description: '月租办理记录: rent taken in a month (YYYY-MM), in order' })
  parkingRegister(@Arg('propertyId', () => ID) propertyId: string, @Arg('month') month: string, @Ctx() ctx: ParkingContext): Promise<ParkingPayment[]> {
    requireReader(ctx.identity, propertyId, 'parking', [Role.CASHIER, Role.SUPERVISOR], 'the parking register');
    return paymentsIn(ctx.em, propertyId, monthArg(month), ctx.settings.calendar);
  }

  @Query(() => ParkingIncome, { description: 'Rent taken in a month (YYYY-MM) by term and by lot' })
  async parkingIncome(@Arg('propertyId', () => ID) propertyId: string, @Arg('month') month: string, @Ctx() ctx: ParkingContext): Promise<ParkingIncome> {
    requireReader(ctx.identity, propertyId, 'parking', [Role.CASHIER, Role.SUPERVISOR], 'parking income');
    const rows = await incomeIn(ctx.em, propertyId, monthArg(month), ctx.settings.calendar);
    const lots = new Map((await ctx.em.find(ParkingLot, { id: { $in: [...new Set(rows.map((r) => r.lotId))] } })).map((lot) => [lot.id, lot]));
    const sum = (of: typeof rows) => ({ payments: of.reduce((n, r) => n + r.payments, 0), amountFen: of.reduce((n, r) => n + r.amountFen, 0) });
    const byLot: IncomeByLot[] = [...lots.values()].map((lot) => ({ lot, ...sum(rows.filter((r) => r.lotId === lot.id)) }));
    const total = sum(rows);
    return {
      month, payments: total.payments, totalFen: total.amountFen, byLot,
      byTerm: Object.values(LeaseTerm).map((term) => ({ term, ...sum(rows.filter((r) => r.term === term)) })),
    };
  }

  @Mutation(() => ParkingLease, { description: '月租申请: apply for a monthly space (WAITLISTED when the lot is full)' })
  async applyForParking(@Arg('input') input: ParkingApplicationInput, @Ctx() ctx: ParkingContext): Promise<ParkingLease> {
    requireRole(ctx.identity, DESK, 'take parking applications');
    requireReader(ctx.identity, (await findLot(ctx.em, input.lotId)).propertyId, 'parking', DESK, 'this lot');
    return applyForParking(ctx, input);
  }

  @Mutation(() => ParkingLease, { description: 'The cashier takes the rent: amountFen must be amountDueFen (CONFLICT AMOUNT_MISMATCH); a receipt number is used once. A first payment assigns the space and pass card; an ACTIVE lease is renewed from its current end' })
  recordParkingPayment(
    @Arg('leaseId', () => ID) leaseId: string,
    @Arg('amountFen', () => Int) amountFen: number,
    @Arg('receiptNo') receiptNo: string,
    @Arg('startsOn', () => DateScalar, { nullable: true, description: 'A first payment: when the term starts (default today)' }) startsOn: string | null,
    @Ctx() ctx: ParkingContext,
  ): Promise<ParkingLease> {
    requireRole(ctx.identity, [Role.CASHIER], 'take parking payments');
    return recordPayment(ctx, leaseId, amountFen, receiptNo, startsOn ?? undefined);
  }

  @Mutation(() => ParkingLease, { description: 'Ends a lease, or withdraws an application, with the reason; the next household in line is offered the space' })
  terminateParkingLease(@Arg('leaseId', () => ID) leaseId: string, @Arg('reason') reason: string, @Ctx() ctx: ParkingContext): Promise<ParkingLease> {
    requireRole(ctx.identity, DESK, 'end parking leases');
    return terminateLease(ctx, leaseId, reason);
  }

  @FieldResolver(() => ParkingLot)
  lot(@Root() lease: ParkingLease, @Ctx() ctx: ParkingContext): Promise<ParkingLot> {
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

  @FieldResolver(() => Int, { nullable: true, description: 'WAITLISTED: the place in the lot’s line (1 = next); the rest keep their order when someone withdraws' })
  async waitlistPosition(@Root() lease: ParkingLease, @Ctx() ctx: ParkingContext): Promise<number | null> {
    if (lease.status !== ParkingLeaseStatus.WAITLISTED) return null;
    const positions = await ctx.loader<string, number | null>('waitlistPositions', async (ids) => {
      const found = await waitlistPositions(ctx.em, ids);
      return ids.map((id) => found.get(id) ?? null);
    }).load(lease.id);
    return positions;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'What the cashier takes next: the lot’s price for the term (to pay, or to renew)' })
  async amountDueFen(@Root() lease: ParkingLease, @Ctx() ctx: ParkingContext): Promise<number | null> {
    if (lease.status !== ParkingLeaseStatus.PENDING_PAYMENT && lease.status !== ParkingLeaseStatus.ACTIVE) return null;
    const prices = await ctx.loader<string, Record<LeaseTerm, number>>('leasePrices', async (lotIds) => {
      const found = await pricesOf(ctx.em, lotIds, ctx.settings.standardPrices);
      return lotIds.map((id) => found.get(id)!);
    }).load(lease.lot.id);
    return prices[lease.term];
  }

  @FieldResolver(() => [ParkingPayment], { description: 'Rent paid, oldest first' })
  payments(@Root() lease: ParkingLease, @Ctx() ctx: ParkingContext): Promise<ParkingPayment[]> {
    return ctx.loader<string, ParkingPayment[]>('payments', async (ids) => groupBy(ids, await ctx.em.find(ParkingPayment, { leaseId: { $in: [...ids] } }, { orderBy: { paidAt: 'asc' } }), (p) => p.leaseId)).load(lease.id);
  }
}

@Resolver(() => ParkingPayment)
export class ParkingPaymentResolver {
  @FieldResolver(() => ParkingLease)
  lease(@Root() payment: ParkingPayment, @Ctx() ctx: ParkingContext): Promise<ParkingLease> {
    return ctx.reference('ParkingLease').load(payment.leaseId) as Promise<ParkingLease>;
  }
}

@Resolver(() => UnitRef)
export class UnitParkingResolver {
  @FieldResolver(() => [ParkingLease], { description: "The unit's parking leases, newest first" })
  parkingLeases(@Root() unit: UnitRef, @Ctx() ctx: ParkingContext): Promise<ParkingLease[]> {
    // Which of them the caller may see is the access policy's call (READ_POLICY.ParkingLease).
    return ctx
      .loader<string, ParkingLease[]>('leasesByUnit', async (ids) => {
        const rows = await findForRead(ctx.em, ParkingLease, { unitId: { $in: [...ids] } }, { orderBy: { createdAt: 'desc', id: 'desc' } });
        return groupBy(ids, rows, (lease) => lease.unitId);
      })
      .load(unit.id);
  }
}
