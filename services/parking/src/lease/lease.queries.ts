import { type EntityManager } from '@mikro-orm/postgresql';
import { type BusinessCalendar } from '@pm/calendar';

import { ParkingPayment } from './lease.entity';

/** 月租办理记录: a property's payments in a local month, in the order they were taken. */
export function paymentsIn(em: EntityManager, propertyId: string, month: string, calendar: BusinessCalendar): Promise<ParkingPayment[]> {
  const { from, to } = calendar.monthRange(month);
  return em.find(ParkingPayment, { propertyId, paidAt: { $gte: from, $lt: to } }, { orderBy: { paidAt: 'asc', id: 'asc' } });
}

export interface IncomeRow {
  lotId: string;
  term: string;
  payments: number;
  amountFen: number;
}

/** Rent taken in a local month by lot and term, in one statement. */
export async function incomeIn(em: EntityManager, propertyId: string, month: string, calendar: BusinessCalendar): Promise<IncomeRow[]> {
  const { from, to } = calendar.monthRange(month);
  const rows = await em.getConnection().execute<{ lot_id: string; term: string; payments: string; amount: string }[]>(
    `select lot_id, term, count(*) as payments, sum(amount_fen) as amount from parking_payment
      where property_id = ? and paid_at >= ? and paid_at < ? group by lot_id, term order by lot_id, term`,
    [propertyId, from, to]);
  return rows.map((r) => ({ lotId: r.lot_id, term: r.term, payments: Number(r.payments), amountFen: Number(r.amount) }));
}
