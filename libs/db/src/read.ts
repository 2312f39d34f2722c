import { type EntityManager, type EntityMetadata, type EntityName, type EntityProperty, type FilterQuery, type QueryOrderMap, raw, ReferenceKind, sql } from '@mikro-orm/postgresql';

import { compiledRows } from './compiled';

/** Per entity: the columns a read selects and how a row becomes an object. */
interface PlainReader {
  prototype: object;
  /** Property names to select: every persisted column but lazy ones (read on demand by em.find too). */
  fields: string[];
  /** Properties whose column value differs from the entity's (bigint as number, json, a relation's key…). */
  converted: { name: string; convert: (value: unknown) => unknown }[];
}

const readers = new WeakMap<EntityMetadata, PlainReader | null>();
const shadows = new WeakMap<EntityMetadata, object>();

/**
 * MikroORM puts a setter for every property on the entity's prototype (the first assignment builds
 * its change-tracking helper). A prototype in between with plain writable properties of the same
 * names makes an assignment create an ordinary own property instead, while getters, methods and
 * `instanceof` still come from the entity's class.
 */
function shadowOf(meta: EntityMetadata): object {
  let shadow = shadows.get(meta);
  if (!shadow) {
    shadow = Object.create(meta.prototype as object, Object.fromEntries(meta.props.map((p) => [p.name, { value: undefined, writable: true, enumerable: false, configurable: true }]))) as object;
    shadows.set(meta, shadow);
  }
  return shadow;
}

/** A many-to-one (or owning one-to-one) onto one key: read as the column, given as `{ id }` like an unloaded reference. */
const isKeyReference = (p: EntityProperty) =>
  (p.kind === ReferenceKind.MANY_TO_ONE || (p.kind === ReferenceKind.ONE_TO_ONE && p.owner)) && p.fieldNames.length === 1 && p.targetMeta?.primaryKeys.length === 1;

function readerFor(meta: EntityMetadata, em: EntityManager): PlainReader | null {
  let reader = readers.get(meta);
  if (reader !== undefined) return reader;
  const platform = em.getPlatform();
  // Collections, embeddables and formulas have no plain column form: those entities take the
  // ordinary path, where the unit of work builds them.
  const plain = !meta.props.some((p) => p.embedded || p.embeddable || p.formula || (p.kind !== ReferenceKind.SCALAR && !isKeyReference(p)));
  reader = plain
    ? {
        prototype: shadowOf(meta),
        fields: meta.props.filter((p) => p.persist !== false && !p.lazy).map((p) => p.name),
        converted: meta.props.flatMap((p) => {
          if (isKeyReference(p)) {
            const target = p.targetMeta!;
            const key = target.primaryKeys[0];
            return [{ name: p.name, convert: (value: unknown) => (value == null ? value : Object.assign(Object.create(shadowOf(target)) as object, { [key]: value })) }];
          }
          return p.customType && p.persist !== false ? [{ name: p.name, convert: (value: unknown) => (value == null ? value : p.customType!.convertToJSValue(value, platform)) }] : [];
        }),
      }
    : null;
  readers.set(meta, reader);
  return reader;
}

/**
 * Rows for a read-only answer (a page of a list, a batch of references): one SQL statement, and
 * objects with the entity's prototype (its getters and methods) built straight from the columns —
 * not registered in the unit of work, no change-tracking snapshot, no per-instance property
 * accessors; a many-to-one is `{ id }`, as an unloaded reference would be. The CPU profile of a
 * list page had MikroORM's entity creation at a quarter of the subgraph's time (issue 14). Never
 * persist what this returns; entities with collections or embeddables are read through `em.find`.
 */
export async function findForRead<T extends object>(
  em: EntityManager,
  entityName: EntityName<T>,
  where: FilterQuery<T>,
  options: { orderBy?: QueryOrderMap<T>; limit?: number; fields?: readonly string[] } = {},
): Promise<T[]> {
  const meta = em.getMetadata().get<T>(entityName as string);
  const reader = readerFor(meta as EntityMetadata, em);
  if (!reader) return (await em.find(entityName, where, { orderBy: options.orderBy, limit: options.limit } as never)) as T[];
  const fields = options.fields ? selectedFields(meta as EntityMetadata, reader, options.fields) : reader.fields;
  const query = (filter: unknown) => {
    const qb = em.createQueryBuilder<T>(entityName).select(fields as never).where(filter as FilterQuery<T>);
    if (options.orderBy) qb.orderBy(options.orderBy);
    if (options.limit !== undefined) qb.limit(options.limit);
    return qb;
  };
  // The same statement for every filter of this shape, order, limit and columns (compiled.ts).
  const shapeKey = `${JSON.stringify(options.orderBy ?? null)}|${options.limit ?? ''}|${fields === reader.fields ? '*' : fields.join(',')}`;
  const raw = await compiledRows(em, meta as EntityMetadata, shapeKey, where, (filter) => {
    const { sql, bindings } = query(filter).getKnexQuery().toSQL().toNative();
    return { sql, bindings: [...bindings] };
  });
  if (raw) return fromColumns<T>(em, meta as EntityMetadata, reader, raw);
  const rows = (await query(where).execute('all', true)) as Record<string, unknown>[];
  return rows.map((row) => readObject<T>(reader, row));
}

/**
 * Up to `perGroup` rows of `entityName` matching `where` for each value of the property `by` (a
 * unit's first page of tickets, for every unit of a request), ranked within each by `orderBy`, all
 * in one statement (a window function ranks them) kept per shape like findForRead's, the rows in
 * `orderBy` order; with `fields`, only those columns, the key, `by` and the order's. Objects as
 * findForRead makes them; an entity findForRead would read through `em.find` is refused.
 */
export async function firstPerGroupForRead<T extends object>(
  em: EntityManager,
  entityName: EntityName<T>,
  where: FilterQuery<T>,
  options: { by: string; orderBy: readonly (readonly [string, 'asc' | 'desc'])[]; perGroup: number; fields?: readonly string[] },
): Promise<T[]> {
  const meta = em.getMetadata().get<T>(entityName as string) as EntityMetadata;
  const reader = readerFor(meta, em);
  if (!reader) throw new Error(`${meta.className} is not read plainly: read it through em.find`);
  if (!Number.isInteger(options.perGroup) || options.perGroup < 1) throw new Error(`perGroup must be a positive integer, not ${options.perGroup}`);
  const { by, orderBy, perGroup } = options;
  const fields = options.fields ? selectedFields(meta, reader, [...options.fields, by, ...orderBy.map(([p]) => p)]) : reader.fields;
  const platform = em.getPlatform();
  const column = (property: string) => {
    const name = meta.properties[property as keyof typeof meta.properties]?.fieldNames?.[0];
    if (!name) throw new Error(`${meta.className} has no column for ${property}`);
    return platform.quoteIdentifier(name);
  };
  const order = orderBy.map(([p, direction]) => `${column(p)} ${direction === 'desc' ? 'desc' : 'asc'}`).join(', ');
  const columns = fields.map(column).join(', ');
  const rank = sql`row_number() over (partition by ${raw(column(by))} order by ${raw(order)})`.as('pm_rank');
  /** The statement for `filter`, with `$1…` placeholders (native) or `?` (the ORM's connection). */
  const ranked = (filter: unknown, native: boolean) => {
    const built = em.createQueryBuilder<T>(entityName).select([...fields, rank] as never).where(filter as FilterQuery<T>).getKnexQuery().toSQL();
    const inner = native ? built.toNative() : built;
    return { sql: `select ${columns} from (${inner.sql}) as ranked where pm_rank <= ${perGroup} order by ${order}`, bindings: [...inner.bindings] };
  };
  const shapeKey = `first ${perGroup} by ${by}|${JSON.stringify(orderBy)}|${fields === reader.fields ? '*' : fields.join(',')}`;
  let rows = await compiledRows(em, meta, shapeKey, where, (filter) => ranked(filter, true));
  if (!rows) {
    const { sql: text, bindings } = ranked(where, false);
    rows = (await em.getConnection().execute(text, bindings as never[], 'all', em.getTransactionContext())) as Record<string, unknown>[];
  }
  return fromColumns<T>(em, meta, reader, rows);
}

/**
 * How many rows of `entityName` match `where` for each value of the property `by` (values without
 * any are absent), in one statement kept per shape of filter like findForRead's (compiled.ts): a
 * unit's ticket count on every unit of a list was a QueryBuilder built and a pooled connection taken
 * per request (issue 14).
 */
export async function countsForRead<T extends object>(em: EntityManager, entityName: EntityName<T>, where: FilterQuery<T>, by: string): Promise<Map<unknown, number>> {
  const meta = em.getMetadata().get<T>(entityName as string) as EntityMetadata;
  const column = meta.properties[by]?.fieldNames?.[0];
  if (!column) throw new Error(`${meta.className} has no column for ${by}`);
  const query = (filter: unknown) => em.createQueryBuilder<T>(entityName).select([by, sql`count(*)::int`.as('total')] as never).where(filter as FilterQuery<T>).groupBy(by as never);
  const kept = await compiledRows(em, meta, `count by ${by}`, where, (filter) => {
    const { sql: text, bindings } = query(filter).getKnexQuery().toSQL().toNative();
    return { sql: text, bindings: [...bindings] };
  });
  const rows = kept ?? ((await query(where).execute('all', false)) as Record<string, unknown>[]);
  return new Map(rows.map((row) => [row[column], Number(row.total)]));
}

/**
 * The reader's columns among `wanted` (property names), with the primary key: a read that selects
 * only what its answer needs (a page asking for six fields of a 55-column ticket; `paginate` adds
 * what it sorts by). Properties left out are `undefined` on the objects; never hand them to code
 * that reads other properties.
 */
function selectedFields(meta: EntityMetadata, reader: PlainReader, wanted: readonly string[]): string[] {
  const keep = new Set([...wanted, ...meta.primaryKeys]);
  return reader.fields.filter((name) => keep.has(name));
}

/** A row of property values as a read-only object with the entity's prototype. */
function readObject<T>(reader: PlainReader, row: Record<string, unknown>): T {
  for (const { name, convert } of reader.converted) if (name in row) row[name] = convert(row[name]);
  return Object.assign(Object.create(reader.prototype) as object, row) as T;
}

/** Rows of column values (as PostgreSQL returns them) as read-only objects. */
function fromColumns<T>(em: EntityManager, meta: EntityMetadata, reader: PlainReader, rows: Record<string, unknown>[]): T[] {
  if (!rows.length) return [];
  const mapper = rowMapperFor(em, meta, reader, Object.keys(rows[0]));
  if (mapper) return rows.map(mapper) as T[];
  const driver = em.getDriver();
  return rows.map((raw) => readObject<T>(reader, driver.mapResult(raw as never, meta) as Record<string, unknown>));
}

type RowMapper = (row: Record<string, unknown>) => object;
const rowMappers = new WeakMap<PlainReader, Map<string, RowMapper | null>>();

/**
 * A function made for one entity and one set of columns that turns a row straight into the
 * read-only object: what MikroORM's result mapper (column to property, dates, booleans) and then
 * readObject (custom types, key references, the prototype) did, in one pass with no intermediate
 * object. Both walked all of an entity's properties for every row (a ticket has 55) to fill the
 * six a page selects; they were an eighth of a page's CPU (issue 14). Columns no property reads
 * stay under their column name, as MikroORM leaves them. Null (the general path) for entities whose
 * mapping this does not mirror: several columns per property, inheritance.
 */
function rowMapperFor(em: EntityManager, meta: EntityMetadata, reader: PlainReader, columns: string[]): RowMapper | null {
  let kept = rowMappers.get(reader);
  if (!kept) {
    kept = new Map();
    rowMappers.set(reader, kept);
  }
  const key = columns.join(',');
  let mapper = kept.get(key);
  if (mapper === undefined) {
    mapper = compileRowMapper(em, meta, reader, columns);
    kept.set(key, mapper);
  }
  return mapper;
}

function compileRowMapper(em: EntityManager, meta: EntityMetadata, reader: PlainReader, columns: string[]): RowMapper | null {
  const platform = em.getPlatform();
  const timezone = platform.getTimezone();
  if (meta.polymorphs?.length || meta.discriminatorColumn) return null;
  const byColumn = new Map<string, EntityProperty>();
  for (const prop of meta.props) {
    if (!prop.fieldNames) continue;
    if (prop.fieldNames.length !== 1) return null;
    byColumn.set(prop.fieldNames[0], prop);
  }
  const converted = new Map(reader.converted.map(({ name, convert }) => [name, convert]));
  const context: Record<string, unknown> = { prototype: reader.prototype, parseDate: (value: unknown) => platform.parseDate(value as string) };
  const lines: string[] = [];
  columns.forEach((column, i) => {
    const prop = byColumn.get(column);
    const from = `row[${JSON.stringify(column)}]`;
    if (!prop) {
      lines.push(`o[${JSON.stringify(column)}] = ${from};`);
      return;
    }
    lines.push(`v = ${from};`);
    if (prop.runtimeType === 'boolean') lines.push('if (v != null) v = !!v;');
    else if (prop.runtimeType === 'Date' && !platform.isNumericProperty(prop)) {
      // As MikroORM reads it: text without an offset is in the ORM's time zone.
      const zoned = !timezone || timezone === 'local' ? 'true' : `typeof v === 'number' || v.includes('+') || v.lastIndexOf('-') > 10 || v.endsWith('Z')`;
      lines.push(`if (typeof v === 'bigint') v = parseDate(Number(v));`);
      lines.push(`else if (v != null && !(v instanceof Date)) v = ${zoned} ? parseDate(v) : parseDate(v + ${JSON.stringify(timezone ?? '')});`);
    }
    const convert = converted.get(prop.name);
    if (convert) {
      context[`convert${i}`] = convert;
      lines.push(`v = convert${i}(v);`);
    }
    lines.push(`o[${JSON.stringify(prop.name)}] = v;`);
  });
  const names = Object.keys(context);
  const code = `return function mapRow(row) {\n  const o = Object.create(prototype);\n  let v;\n  ${lines.join('\n  ')}\n  return o;\n};`;
  return new Function(...names, code)(...names.map((name) => context[name])) as RowMapper;
}

/**
 * Rows a hand-written query returned (column names, as `select t.*` gives them) as read-only
 * objects of `entityName`, like findForRead's; for an entity findForRead would read through
 * `em.find`, managed entities as `em.map` makes them.
 */
export function rowsForRead<T extends object>(em: EntityManager, entityName: EntityName<T>, rows: Record<string, unknown>[]): T[] {
  const meta = em.getMetadata().get<T>(entityName as string);
  const reader = readerFor(meta as EntityMetadata, em);
  if (!reader) return rows.map((row) => em.map(entityName, row as never));
  return fromColumns<T>(em, meta as EntityMetadata, reader, rows);
}
