import { type EntityManager, type EntityMetadata } from '@mikro-orm/postgresql';

import { countStatement } from './query-count';
import { keptRows } from './read-pool';

/**
 * Read statements built once per shape of filter and reused (issue 14). Building a page's SELECT
 * through MikroORM's QueryBuilder and knex — criteria nodes, field mapping, identifier quoting —
 * was a quarter of a list page's CPU in the tickets subgraph, every time for the same text. Here a
 * filter is reduced to its shape (keys, operators, array lengths, which values are null, true or
 * false) and its values; the first filter of a shape is built by the QueryBuilder as before, and
 * the statement is kept with where each value goes. Later filters of that shape bind their values
 * to the kept statement, sent as a named prepared statement (PostgreSQL parses and plans it once
 * per connection).
 *
 * Whether a shape can be kept is checked, not assumed: the statement is built twice, once with
 * stand-in values unlike any real one and once with the request's own, and kept only if both give
 * the same SQL and the request's values land exactly where the stand-ins did (a value the
 * QueryBuilder converts, drops or reorders fails this, and its shape always takes the QueryBuilder).
 */

type Leaf = string | number | Date;
export type Param = { leaf: number } | { constant: unknown };

interface Statement {
  name: string;
  sql: string;
  params: Param[];
}

/** A value of the shape: what goes into the key, and the values in order. */
function shapeOf(value: unknown, leaves: Leaf[]): string | null {
  if (value === null) return 'N';
  if (value === undefined) return 'U';
  if (value === true) return 'T';
  if (value === false) return 'F';
  if (typeof value === 'string' || typeof value === 'number') {
    leaves.push(value);
    return typeof value === 'string' ? 's' : 'n';
  }
  if (value instanceof Date) {
    leaves.push(value);
    return 'd';
  }
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (const item of value) {
      const shape = shapeOf(item, leaves);
      if (shape === null) return null;
      items.push(shape);
    }
    return `[${items.join(',')}]`;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries: string[] = [];
    for (const key of Object.keys(value)) {
      const shape = shapeOf((value as Record<string, unknown>)[key], leaves);
      if (shape === null) return null;
      entries.push(`${JSON.stringify(key)}:${shape}`);
    }
    return `{${entries.join(',')}}`;
  }
  // Entities, references, regular expressions, raw SQL fragments: the QueryBuilder's to handle.
  return null;
}

/** The filter with its values replaced, in the order shapeOf met them. */
function withLeaves(value: unknown, leaves: Leaf[], next: { i: number }): unknown {
  if (typeof value === 'string' || typeof value === 'number' || value instanceof Date) return leaves[next.i++];
  if (Array.isArray(value)) return value.map((item) => withLeaves(item, leaves, next));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withLeaves(v, leaves, next)]));
  return value;
}

/** Stand-ins no real value equals: strings with control characters, numbers and instants nobody stores. */
function standIn(leaf: Leaf, i: number): Leaf {
  if (typeof leaf === 'string') return `\u0001pm-probe-${i}\u0001`;
  if (typeof leaf === 'number') return 918_273_645 + i * 7;
  return new Date(Date.UTC(1901, 0, 1, 0, 0, i, 7));
}

const same = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);

export interface CompiledQuery {
  sql: string;
  bindings: unknown[];
}

const statements = new WeakMap<EntityMetadata, Map<string, Statement | null>>();
/** Shapes kept per entity; past it new shapes take the QueryBuilder (batches of references come in every size). */
const MAX_SHAPES = 500;
let named = 0;

/** How many statements have been kept so far (in this process). */
export const keptStatements = () => named;

/**
 * Runs the SELECT `build(filter)` makes — kept per shape as above — on a pooled connection and
 * returns its raw rows; `undefined` when this filter must take the QueryBuilder's own way (a shape
 * that cannot be kept, or a transaction: its statements belong on its own connection).
 */
export async function compiledRows(
  em: EntityManager,
  meta: EntityMetadata,
  shapeKey: string,
  filter: unknown,
  build: (filter: unknown) => CompiledQuery,
): Promise<Record<string, unknown>[] | undefined> {
  if (em.getTransactionContext()) return undefined;
  const leaves: Leaf[] = [];
  const shape = shapeOf(filter, leaves);
  if (shape === null) return undefined;
  let kept = statements.get(meta);
  if (!kept) {
    kept = new Map();
    statements.set(meta, kept);
  }
  const key = `${shapeKey}|${shape}`;
  let statement = kept.get(key);
  if (statement === undefined) {
    if (kept.size >= MAX_SHAPES) return undefined;
    statement = compile(filter, leaves, build);
    kept.set(key, statement);
  }
  if (statement === null) return undefined;
  const values = statement.params.map((p) => ('leaf' in p ? leaves[p.leaf] : p.constant));
  countStatement();
  return keptRows(em, { name: statement.name, text: statement.sql, values });
}

function compile(filter: unknown, leaves: Leaf[], build: (filter: unknown) => CompiledQuery): Statement | null {
  const probes = leaves.map(standIn);
  const probed = build(withLeaves(filter, probes, { i: 0 }));
  const real = build(filter);
  if (probed.sql !== real.sql || probed.bindings.length !== real.bindings.length) return null;
  const params: Param[] = probed.bindings.map((binding) => {
    const leaf = probes.findIndex((probe) => same(probe, binding));
    return leaf >= 0 ? { leaf } : { constant: binding };
  });
  // The request's own values must come out where the stand-ins did, and nothing else may differ.
  const bound = params.map((p) => ('leaf' in p ? leaves[p.leaf] : p.constant));
  if (!bound.every((value, i) => same(value, real.bindings[i]))) return null;
  return { name: `pm_read_${++named}`, ...withFixedLimits(real.sql, params) };
}

/**
 * The statement with a LIMIT or OFFSET that is the same for every filter of the shape written into
 * its text. PostgreSQL plans a prepared statement whose limit is a parameter afresh on every run (its
 * generic plan, not knowing the limit, looks dearer than a custom one), about 0.1 ms each time, ten
 * times the run of a page; with the limit written in, it plans once and keeps the plan.
 */
export function withFixedLimits(sql: string, params: Param[]): { sql: string; params: Param[] } {
  const kept: Param[] = [];
  const text = sql.replace(/(\b(?:limit|offset)\s+)?\$(\d+)\b/gi, (_match, clause: string | undefined, n: string) => {
    const param = params[Number(n) - 1];
    if (clause && 'constant' in param && Number.isSafeInteger(param.constant) && (param.constant as number) >= 0) return `${clause}${param.constant as number}`;
    kept.push(param);
    return `${clause ?? ''}$${kept.length}`;
  });
  return { sql: text, params: kept };
}
