import { type EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '@pm/errors';
import { type UseCaseContext } from '@pm/subgraph';

import { type ServiceCategory, ServiceItem } from './service-item.entity';

/**
 * A property's catalogue: the company defaults, each replaced by the property's own row of the same
 * code where it has one. Ordered by code.
 */
export async function catalogueOf(em: EntityManager, propertyId: string, options: { includeInactive?: boolean; category?: ServiceCategory } = {}): Promise<ServiceItem[]> {
  const rows = await em.find(ServiceItem, { $or: [{ propertyId: null }, { propertyId }] });
  const byCode = new Map<string, ServiceItem>();
  for (const row of rows) if (row.propertyId || !byCode.has(row.code)) byCode.set(row.code, row);
  return [...byCode.values()]
    .filter((item) => (options.includeInactive || item.active) && (!options.category || item.category === options.category))
    .sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }));
}

/** The item a property offers under `code`, or null. */
export async function serviceItem(em: EntityManager, propertyId: string, code: string): Promise<ServiceItem | null> {
  const rows = await em.find(ServiceItem, { code, $or: [{ propertyId: null }, { propertyId }] });
  return rows.find((row) => row.propertyId) ?? rows[0] ?? null;
}

export interface ServiceItemChange {
  propertyId: string;
  code: string;
  name?: string | null;
  category?: ServiceCategory | null;
  priceFen?: number | null;
  unit?: string | null;
  active?: boolean | null;
}

/**
 * A property edits its catalogue: a new price, name or unit for a default item, an item of its own,
 * or an item withdrawn (active: false). The company defaults themselves never change.
 */
export async function setServiceItem({ em, identity, clock }: UseCaseContext, change: ServiceItemChange): Promise<ServiceItem> {
  const code = change.code.trim().toUpperCase();
  if (!/^[A-Z0-9-]{1,20}$/.test(code)) throw AppError.badInput('code', 'code is 1–20 letters, digits or dashes');
  if (change.priceFen !== undefined && change.priceFen !== null && (!Number.isInteger(change.priceFen) || change.priceFen < 0)) {
    throw AppError.badInput('priceFen', 'priceFen must be a whole, non-negative number of fen');
  }
  if (change.name !== undefined && change.name !== null && !change.name.trim()) throw AppError.badInput('name', 'name must not be empty');
  return em.transactional(async (tx) => {
    const current = await serviceItem(tx, change.propertyId, code);
    const own = current?.propertyId ? current : null;
    const name = change.name?.trim() || current?.name;
    const category = change.category ?? current?.category;
    const priceFen = change.priceFen ?? current?.priceFen;
    if (!name) throw AppError.badInput('name', `a new service item (${code}) needs a name`);
    if (!category) throw AppError.badInput('category', `a new service item (${code}) needs a category`);
    if (priceFen === undefined) throw AppError.badInput('priceFen', `a new service item (${code}) needs a price`);
    const values = {
      name, category, priceFen,
      unit: change.unit?.trim() || current?.unit || '次',
      active: change.active ?? current?.active ?? true,
      updatedAt: clock.now(),
      updatedBy: identity.name,
    };
    if (own) return Object.assign(own, values);
    return tx.create(ServiceItem, { propertyId: change.propertyId, code, ...values });
  });
}
