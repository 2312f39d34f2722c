import { type EntityManager, type EntityName, type FilterQuery, type FindOptions, type QueryOrderMap } from '@mikro-orm/core';
import { type EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import { findForRead } from '@pm/db';
import { AppError } from '@pm/errors';

import { type ConnectionResult, LazyCountConnection } from './connection';

/** Largest page a client may ask for. */
export const MAX_PAGE_SIZE = 200;

type CursorValue = string | number | boolean | null | { d: string };

export function encodeCursor(values: unknown[]): string {
  const plain: CursorValue[] = values.map((v) => (v instanceof Date ? { d: v.toISOString() } : (v as CursorValue)));
  return Buffer.from(JSON.stringify(plain)).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): unknown[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  if (!Array.isArray(values) || values.length !== length || !values.every(isCursorValue)) {
    throw AppError.badInput('after', 'after is not a cursor this list gave out');
  }
  return values.map((v) => (v && typeof v === 'object' && 'd' in v ? new Date((v as { d: string }).d) : v));
}

/** What encodeCursor writes: short text without control characters, finite numbers, booleans, null, or a real instant. */
function isCursorValue(value: unknown): boolean {
  if (value === null || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'string') return value.length <= 200 && !/[\u0000-\u001f]/.test(value);
  if (typeof value === 'object' && Object.keys(value).length === 1 && typeof (value as { d?: unknown }).d === 'string') {
    const at = (value as { d: string }).d;
    return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(at) && new Date(at).toISOString() === at;
  }
  return false;
}

export interface PageRequest {
  first: number;
  after?: string | null;
}

/** A sort key: entity property and direction. The last key must be unique (usually the id). */
export type SortKey<T> = [keyof T & string, 'asc' | 'desc'];

/**
 * One of several orders a list offers besides its first: its name goes into its cursors, so a
 * cursor of one order given to another is refused rather than read as a place it never was.
 */
export interface NamedOrder<T> {
  name: string;
  keys: SortKey<T>[];
}

type Order<T> = SortKey<T>[] | NamedOrder<T>;
const keysOf = <T>(order: Order<T>): SortKey<T>[] => (Array.isArray(order) ? order : order.keys);
const nameOf = <T>(order: Order<T>): string | undefined => (Array.isArray(order) ? undefined : order.name);

/** The sort values in `cursor` for `order`; BAD_USER_INPUT naming `after` for another list's or order's. */
function cursorValues<T>(order: Order<T>, cursor: string): unknown[] {
  const name = nameOf(order);
  const keys = keysOf(order);
  if (name === undefined) return decodeCursor(cursor, keys.length);
  const [given, ...values] = decodeCursor(cursor, keys.length + 1);
  if (given !== name) throw AppError.badInput('after', `after is a cursor of another order of this list, not ${name}`);
  return values;
}

/**
 * Rows after the cursor in the page's order: (a, b) > (x, y) written as `a >= x AND (a > x OR b > y)`
 * (and so on for more keys), so the first key bounds an index scan: PostgreSQL starts reading at the
 * cursor. Written as an OR of ANDs (`a > x OR (a = x AND b > y)`) the same condition bounded
 * nothing: every row before the cursor was read and filtered out, page N cost N pages (issue 14: an
 * integrator's page 2 read the 10,000 tickets opened since its page 1).
 */
export function afterCursor<T>(order: SortKey<T>[], values: unknown[]): FilterQuery<T> {
  const from = (i: number): Record<string, unknown> => {
    const [field, direction] = order[i];
    const beyond = { [field]: { [direction === 'asc' ? '$gt' : '$lt']: values[i] } };
    if (i === order.length - 1) return beyond;
    return { $and: [{ [field]: { [direction === 'asc' ? '$gte' : '$lte']: values[i] } }, { $or: [beyond, from(i + 1)] }] };
  };
  return from(0) as FilterQuery<T>;
}

/**
 * An edge whose cursor is encoded only if the client selects it (most pages are read without); a
 * class, so the getter is defined once on its prototype rather than on every edge of every page.
 */
class Edge<T> {
  private encoded: string | undefined;

  constructor(readonly node: T, private readonly order: Order<T>) {}

  get cursor(): string {
    if (this.encoded === undefined) {
      const values = keysOf(this.order).map(([field]) => (this.node as Record<string, unknown>)[field]);
      const name = nameOf(this.order);
      this.encoded = encodeCursor(name === undefined ? values : [name, ...values]);
    }
    return this.encoded;
  }
}

/** A page's pageInfo, whose end cursor is encoded only if asked for (a getter on the prototype: see LazyCountConnection). */
class KeysetPageInfo<T> {
  constructor(readonly hasNextPage: boolean, private readonly edges: Edge<T>[]) {}

  get endCursor(): string | null {
    return this.edges.at(-1)?.cursor ?? null;
  }
}

/**
 * One keyset-paginated page of `entity` matching `where` in `order` (its keys, or a NamedOrder):
 * one query for the rows (first + 1 to know whether more follow) and, only if the client selects
 * `totalCount`, one count.
 */
export async function paginate<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  page: PageRequest,
  sortedBy: Order<T>,
  options: Pick<FindOptions<T>, 'populate'> & {
    /** Only these properties of each row (plus key and order), e.g. pageColumns of libs/subgraph; all when absent. */
    fields?: readonly string[];
    /** How to count totalCount when asked (a kept tally, say); by default a count of `where`. */
    count?: () => Promise<number>;
  } = {},
): Promise<ConnectionResult<T>> {
  if (!Number.isInteger(page.first) || page.first < 1 || page.first > MAX_PAGE_SIZE) {
    throw AppError.badInput('first', `first must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  const order = keysOf(sortedBy);
  const filter = page.after
    ? ({ $and: [where, afterCursor(order, cursorValues(sortedBy, page.after))] } as FilterQuery<T>)
    : where;
  // A page is read-only: without `populate`, rows skip the unit of work (findForRead).
  const rows = options.populate
    ? ((await em.find(entity, filter, { populate: options.populate, fields: options.fields, orderBy: Object.fromEntries(order), limit: page.first + 1 } as FindOptions<T>)) as T[])
    : await findForRead(em as SqlEntityManager, entity, filter, {
      orderBy: Object.fromEntries(order) as QueryOrderMap<T>,
      limit: page.first + 1,
      fields: options.fields && [...options.fields, ...order.map(([field]) => field)],
    });
  const hasNextPage = rows.length > page.first;
  const edges = rows.slice(0, page.first).map((node) => new Edge(node, sortedBy));
  return new LazyCountConnection(edges, new KeysetPageInfo(hasNextPage, edges), options.count ?? (() => em.fork().count(entity, where)));
}
