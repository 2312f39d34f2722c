import { type EntityManager, LockMode } from '@mikro-orm/postgresql';
import { AppError } from '@pm/errors';
import { Events, recordEvent } from '@pm/events';
import { requirePropertyAccess } from '@pm/identity';

import { ParkingErrors } from '../errors';
import { HOLDING_STATUSES, type LeaseTerm, ParkingLeaseStatus, SpaceKind } from '../lease/lease.enums';
import { ParkingLease } from '../lease/lease.entity';
import { promoteWaiting } from '../lease/lease.waitlist';
import { type ParkingUseCase } from '../settings';
import { type CreateParkingLotInput, type ParkingPriceInput, type ParkingSpaceInput } from './lot.inputs';
import { ParkingLot, ParkingPrice, ParkingSpace } from './lot.entity';

const normaliseCode = (code: string) => code.trim().toUpperCase();

function refuseDuplicates(codes: string[], field: string): void {
  const duplicate = codes.findIndex((code, i) => codes.indexOf(code) !== i);
  if (duplicate >= 0) throw AppError.badInput(`${field}[${duplicate}]`, `Space ${codes[duplicate]} is listed twice`);
}

export async function createParkingLot({ em, identity, clock }: ParkingUseCase, input: CreateParkingLotInput): Promise<ParkingLot> {
  const codes = input.spaceCodes.map(normaliseCode);
  refuseDuplicates(codes, 'spaceCodes');
  const lot = em.create(ParkingLot, { propertyId: input.propertyId, name: input.name.trim(), createdAt: clock.now() });
  for (const code of codes) em.create(ParkingSpace, { lot, code, kind: SpaceKind.STANDARD });
  recordEvent(em, Events.parkingLotCreated, { lotId: lot.id, propertyId: lot.propertyId, capacity: codes.length }, { aggregateId: lot.id, actor: identity.sub });
  await em.flush();
  return lot;
}

/** Loads a lot, locked for the transaction when asked; staff of other properties get NOT_FOUND. */
export async function findLot(em: EntityManager, id: string, lock = false): Promise<ParkingLot> {
  const lot = await em.findOne(ParkingLot, id, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (!lot) throw AppError.notFound('ParkingLot', id);
  return lot;
}

/** New spaces of any kind; waiting households are offered them at once. */
export function addSpaces(ctx: ParkingUseCase, lotId: string, spaces: ParkingSpaceInput[]): Promise<ParkingLot> {
  const codes = spaces.map((s) => normaliseCode(s.code));
  refuseDuplicates(codes, 'spaces');
  return ctx.em.transactional(async (tx) => {
    const lot = await findLot(tx, lotId, true);
    requirePropertyAccess(ctx.identity, lot.propertyId);
    spaces.forEach((space, i) => tx.create(ParkingSpace, { lot, code: codes[i], kind: space.kind }));
    await tx.flush();
    await promoteWaiting(tx, ctx, lot);
    return lot;
  });
}

/** A space out of service (repairs, reserved) and back; back in service frees it for the waiting list. */
export function setSpaceInService(ctx: ParkingUseCase, lotId: string, code: string, inService: boolean, reason: string | null): Promise<ParkingSpace> {
  return ctx.em.transactional(async (tx) => {
    const lot = await findLot(tx, lotId, true);
    requirePropertyAccess(ctx.identity, lot.propertyId);
    const space = await tx.findOne(ParkingSpace, { lot, code: normaliseCode(code) });
    if (!space) throw AppError.badInput('code', `${lot.name} has no space ${code}`);
    if (space.inService === inService) throw ParkingErrors.noChange(space.code, inService);
    if (!inService) {
      if (!reason) throw AppError.badInput('reason', 'say why the space is taken out of service');
      const holder = await tx.findOne(ParkingLease, { lot, spaceCode: space.code, status: ParkingLeaseStatus.ACTIVE });
      if (holder) throw ParkingErrors.spaceInUse(space.code, holder.number);
    }
    space.inService = inService;
    space.outOfServiceReason = inService ? null : reason;
    await tx.flush();
    if (inService) await promoteWaiting(tx, ctx, lot);
    return space;
  });
}

/** A lot's price list; terms not named keep their price. */
export function setPrices(ctx: ParkingUseCase, lotId: string, prices: ParkingPriceInput[]): Promise<ParkingLot> {
  return ctx.em.transactional(async (tx) => {
    const lot = await findLot(tx, lotId, true);
    requirePropertyAccess(ctx.identity, lot.propertyId);
    for (const price of prices) await tx.upsert(ParkingPrice, { lot, term: price.term, amountFen: price.amountFen });
    return lot;
  });
}

/** The rent of each term in a lot: its own price list over the company standard. */
export async function pricesOf(em: EntityManager, lotIds: readonly string[], standard: Record<LeaseTerm, number>): Promise<Map<string, Record<LeaseTerm, number>>> {
  const own = await em.find(ParkingPrice, { lot: { $in: [...lotIds] } });
  const prices = new Map(lotIds.map((id) => [id, { ...standard }]));
  for (const price of own) prices.get(price.lot.id)![price.term] = price.amountFen;
  return prices;
}

export interface LotCounts {
  /** Spaces in service. */
  capacity: number;
  /** Held by a lease awaiting payment or active. */
  taken: number;
  active: number;
  pending: number;
  waiting: number;
  outOfService: number;
}

/** Capacity, occupancy and the waiting list of each lot, two statements for any number of lots. */
export async function lotCounts(em: EntityManager, lotIds: readonly string[]): Promise<Map<string, LotCounts>> {
  const connection = em.getConnection();
  const [spaces, leases] = await Promise.all([
    connection.execute<{ lot_id: string; in_service: boolean; n: string }[]>(
      'select lot_id, in_service, count(*) as n from parking_space where lot_id in (?) group by lot_id, in_service', [[...lotIds]], 'all', em.getTransactionContext()),
    connection.execute<{ lot_id: string; status: string; n: string }[]>(
      'select lot_id, status, count(*) as n from parking_lease where lot_id in (?) and status in (?) group by lot_id, status',
      [[...lotIds], [...HOLDING_STATUSES, ParkingLeaseStatus.WAITLISTED]], 'all', em.getTransactionContext()),
  ]);
  const counts = new Map(lotIds.map((id) => [id, { capacity: 0, taken: 0, active: 0, pending: 0, waiting: 0, outOfService: 0 }]));
  for (const row of spaces) {
    const c = counts.get(row.lot_id)!;
    if (row.in_service) c.capacity = Number(row.n);
    else c.outOfService = Number(row.n);
  }
  for (const row of leases) {
    const c = counts.get(row.lot_id)!;
    const n = Number(row.n);
    if (row.status === ParkingLeaseStatus.ACTIVE) c.active = n;
    if (row.status === ParkingLeaseStatus.PENDING_PAYMENT) c.pending = n;
    if (row.status === ParkingLeaseStatus.WAITLISTED) c.waiting = n;
  }
  for (const c of counts.values()) c.taken = c.active + c.pending;
  return counts;
}

/** A free space in service for a lease being paid (the lot is locked by the caller): the first by code. */
export async function freeSpace(em: EntityManager, lot: ParkingLot): Promise<ParkingSpace | null> {
  const [row] = await em.getConnection().execute<{ id: string }[]>(
    `select s.id from parking_space s where s.lot_id = ? and s.in_service
       and not exists (select 1 from parking_lease l where l.lot_id = s.lot_id and l.space_code = s.code and l.status = 'ACTIVE')
     order by s.code limit 1`, [lot.id], 'all', em.getTransactionContext());
  return row ? em.findOneOrFail(ParkingSpace, row.id) : null;
}
