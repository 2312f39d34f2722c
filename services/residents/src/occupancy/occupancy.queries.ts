import { type EntityManager } from '@mikro-orm/postgresql';

/** One grouped count row as PostgreSQL returns it. */
export type CountRow = Record<string, unknown>;

/** Units by building and occupancy status, now. */
export function currentOccupancyCounts(em: EntityManager, propertyId: string): Promise<CountRow[]> {
  return em.getConnection().execute(
    'select building_id, occupancy, count(*)::int as count from unit where property_id = ? group by building_id, occupancy', [propertyId]);
}

/**
 * Units by building and status as they stood at `at`: a unit's last change before then; with no
 * change since, the first change's "from", or what it is now. Units created later are left out.
 */
export function occupancyCountsAt(em: EntityManager, propertyId: string, at: Date): Promise<CountRow[]> {
  return em.getConnection().execute(`
    select building_id, status, count(*)::int as count from (
      select u.building_id, coalesce(
        (select c.to from occupancy_change c where c.unit_id = u.id and c.at < ? order by c.at desc, c.id desc limit 1),
        (select c.from from occupancy_change c where c.unit_id = u.id order by c.at asc, c.id asc limit 1),
        u.occupancy) as status
      from unit u where u.property_id = ? and u.created_at < ?) s
    group by building_id, status`, [at, propertyId, at]);
}

/** Occupancy changes by building and reason in [from, to). */
export function occupancyChangeCounts(em: EntityManager, propertyId: string, from: Date, to: Date): Promise<CountRow[]> {
  return em.getConnection().execute(
    'select building_id, reason, count(*)::int as count from occupancy_change where property_id = ? and at >= ? and at < ? group by building_id, reason',
    [propertyId, from, to]);
}
