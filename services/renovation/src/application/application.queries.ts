import { type EntityManager } from '@mikro-orm/postgresql';
import { type BusinessCalendar } from '@pm/calendar';

import { RenovationApplication } from './application.entity';
import { RenovationStatus } from './application.enums';

/** 装修办理报表: a property's applications submitted in a local month, oldest first. */
export function applicationsSubmittedIn(em: EntityManager, propertyId: string, month: string, calendar: BusinessCalendar): Promise<RenovationApplication[]> {
  const { from, to } = calendar.monthRange(month);
  return em.find(RenovationApplication, { propertyId, createdAt: { $gte: from, $lt: to } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

/** Deposits falling due for refund in a month (and any still unrefunded from before), soonest first. */
export function depositsDueBy(em: EntityManager, propertyId: string, month: string): Promise<RenovationApplication[]> {
  const [y, m] = month.split('-').map(Number);
  const lastDay = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return em.find(
    RenovationApplication,
    { propertyId, status: RenovationStatus.INSPECTION_PASSED, depositRefundDueOn: { $lte: lastDay } },
    { orderBy: { depositRefundDueOn: 'asc', id: 'asc' } },
  );
}
