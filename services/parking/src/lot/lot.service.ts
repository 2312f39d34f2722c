import { type UseCaseContext } from '@pm/subgraph';
import { type EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '@pm/errors';
import { Events, recordEvent } from '@pm/events';

import { HOLDING_STATUSES } from '../lease/lease.enums';
import { type CreateParkingLotInput } from './lot.inputs';
import { ParkingLot, ParkingSpace } from './lot.entity';

export async function createParkingLot({ em, identity, clock }: UseCaseContext, input: CreateParkingLotInput): Promise<ParkingLot> {
  const codes = input.spaceCodes.map((code) => code.trim().toUpperCase());
  const duplicate = codes.findIndex((code, i) => codes.indexOf(code) !== i);
  if (duplicate >= 0) throw AppError.badInput(`spaceCodes[${duplicate}]`, `Space ${codes[duplicate]} is listed twice`);
  const lot = em.create(ParkingLot, { propertyId: input.propertyId, name: input.name.trim(), createdAt: clock.now() });
  for (const code of codes) em.create(ParkingSpace, { lot, code });
  recordEvent(em, Events.parkingLotCreated, { lotId: lot.id, propertyId: lot.propertyId, capacity: codes.length }, { aggregateId: lot.id, actor: identity.sub });
  await em.flush();
  return lot;
}

export async function findLot(em: EntityManager, id: string): Promise<ParkingLot> {
  const lot = await em.findOne(ParkingLot, id);
  if (!lot) throw AppError.notFound('ParkingLot', id);
  return lot;
}

/** Capacity and free spaces of each lot in one query per measure (for a batch of lots). */
export async function lotCounts(em: EntityManager, lotIds: readonly string[]): Promise<Map<string, { capacity: number; taken: number }>> {
  const [spaces, taken] = await Promise.all([
    em.getConnection().execute<{ lot_id: string; n: string }[]>(
      'select lot_id, count(*) as n from parking_space where lot_id in (?) group by lot_id',
      [[...lotIds]],
      'all',
      em.getTransactionContext(),
    ),
    em.getConnection().execute<{ lot_id: string; n: string }[]>(
      'select lot_id, count(*) as n from parking_lease where lot_id in (?) and status in (?) group by lot_id',
      [[...lotIds], HOLDING_STATUSES],
      'all',
      em.getTransactionContext(),
    ),
  ]);
  const counts = new Map(lotIds.map((id) => [id, { capacity: 0, taken: 0 }]));
  for (const row of spaces) counts.get(row.lot_id)!.capacity = Number(row.n);
  for (const row of taken) counts.get(row.lot_id)!.taken = Number(row.n);
  return counts;
}
