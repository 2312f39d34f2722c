import { type EntityManager, type EntityMetadata, type EntityName, type FilterQuery, type QueryOrderMap } from '@mikro-orm/postgresql';

/** Per entity: whether it can be read without the unit of work, and which properties need converting. */
interface PlainReader {
  prototype: object;
  /** Properties whose column value differs from the entity's (bigint as number, json, arrays…). */
  converted: { name: string; convert: (value: unknown) => unknown }[];
}

const readers = new WeakMap<EntityMetadata, PlainReader | null>();

function readerFor(meta: EntityMetadata, em: EntityManager): PlainReader | null {
  let reader = readers.get(meta);
  if (reader !== undefined) return reader;
  // Relations and embeddables come back as bare keys or flattened columns: those entities take the
  // ordinary path, where the unit of work builds references.
  const plain = meta.relations.length === 0 && !meta.props.some((p) => p.embedded || p.embeddable || p.lazy || p.formula);
  const platform = em.getPlatform();
  // MikroORM puts a setter for every property on the entity's prototype (the first assignment
  // builds its change-tracking helper). A prototype in between with plain writable properties of
  // the same names makes an assignment create an ordinary own property instead, while getters,
  // methods and `instanceof` still come from the entity's class.
  const shadow = Object.create(meta.prototype as object, Object.fromEntries(meta.props.map((p) => [p.name, { value: undefined, writable: true, enumerable: false, configurable: true }])));
  reader = plain
    ? {
        prototype: shadow as object,
        converted: meta.props
          .filter((p) => p.customType && p.persist !== false)
          .map((p) => ({ name: p.name, convert: (value: unknown) => (value == null ? value : p.customType!.convertToJSValue(value, platform)) })),
      }
    : null;
  readers.set(meta, reader);
  return reader;
}

/**
 * Rows for a read-only answer (a page of a list, a batch of references): one SQL statement, and
 * objects with the entity's prototype (its getters and methods) built straight from the columns —
 * not registered in the unit of work, no change-tracking snapshot, no per-instance property
 * accessors. The CPU profile of a list page had MikroORM's entity creation at a quarter of the
 * subgraph's time (issue 14). Never persist what this returns; entities with relations or
 * embeddables are read through `em.find` as before.
 */
export async function findForRead<T extends object>(
  em: EntityManager,
  entityName: EntityName<T>,
  where: FilterQuery<T>,
  options: { orderBy?: QueryOrderMap<T>; limit?: number } = {},
): Promise<T[]> {
  const meta = em.getMetadata().get<T>(entityName as string);
  const reader = readerFor(meta as EntityMetadata, em);
  if (!reader) return (await em.find(entityName, where, { orderBy: options.orderBy, limit: options.limit } as never)) as T[];
  const qb = em.createQueryBuilder<T>(entityName).select('*').where(where);
  if (options.orderBy) qb.orderBy(options.orderBy);
  if (options.limit !== undefined) qb.limit(options.limit);
  const rows = (await qb.execute('all', true)) as Record<string, unknown>[];
  return rows.map((row) => {
    for (const { name, convert } of reader.converted) if (name in row) row[name] = convert(row[name]);
    return Object.assign(Object.create(reader.prototype) as T, row);
  });
}
