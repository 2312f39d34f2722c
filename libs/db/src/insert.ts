import { type EntityMetadata, type EntityProperty, ReferenceKind } from '@mikro-orm/core';
import { type EntityManager } from '@mikro-orm/postgresql';

import { sendStatement } from './read-pool';

/** The columns a new row of an entity is written with, worked out once per entity. */
interface InsertShape {
  head: string;
  props: EntityProperty[];
}

const shapes = new WeakMap<EntityMetadata, InsertShape>();

function shapeOf(em: EntityManager, meta: EntityMetadata): InsertShape {
  let shape = shapes.get(meta);
  if (!shape) {
    const platform = em.getPlatform();
    const props = meta.props.filter((prop) => {
      if (prop.persist === false || prop.kind !== ReferenceKind.SCALAR || prop.formula || prop.embedded) return false;
      if (prop.fieldNames?.length !== 1) throw new Error(`${meta.className}.${prop.name} is not one column: insertRows writes only entities of scalar columns`);
      return true;
    });
    if (meta.props.some((prop) => prop.kind !== ReferenceKind.SCALAR && prop.persist !== false)) {
      throw new Error(`${meta.className} has relations or embeddables: insertRows writes only entities of scalar columns`);
    }
    shape = { head: `insert into ${platform.quoteIdentifier(meta.tableName)} (${props.map((p) => platform.quoteIdentifier(p.fieldNames[0])).join(', ')}) values `, props };
    shapes.set(meta, shape);
  }
  return shape;
}

/**
 * The INSERT of a new entity with every column its class maps, as literal SQL: each value converted
 * by the property's type (JSON, arrays, big integers) and quoted by the platform, as MikroORM does
 * for the statements it writes inline. A property left undefined takes the column's default.
 */
export function insertStatement(em: EntityManager, entity: object): string {
  const meta = em.getMetadata().get(entity.constructor.name);
  const { head, props } = shapeOf(em, meta);
  const platform = em.getPlatform();
  const values = props.map((prop) => {
    const value = (entity as Record<string, unknown>)[prop.name];
    if (value === undefined) return 'default';
    if (value === null) return 'null';
    return platform.quoteValue(prop.customType ? prop.customType.convertToDatabaseValue(value, platform, { mode: 'query' }) : value);
  });
  return `${head}(${values.join(', ')})`;
}

/**
 * New rows written together without a unit of work (issue 14): the INSERTs of `entities` (made with
 * `new`, never managed) leave as one statement text, which PostgreSQL runs as one implicit
 * transaction: all the rows or none. Outside a transaction it goes on a pipelined connection
 * (sendStatement: no pool checkout, no BEGIN/COMMIT, no change sets); inside one, on its connection.
 *
 * For writes that only add rows, none of which a read in between must see (opening a ticket: the
 * ticket, its first history entry, its outbox row). The entities stay unmanaged: a later flush of
 * the caller's entity manager does not write them again. A refused row (a unique key) fails the
 * whole statement with PostgreSQL's error, as a flush would.
 */
export async function insertRows(em: EntityManager, entities: object[]): Promise<void> {
  if (!entities.length) return;
  const text = entities.map((entity) => insertStatement(em, entity)).join(';\n');
  const transaction = em.getTransactionContext();
  if (transaction) await em.getConnection().execute(text, [], 'run', transaction);
  else await sendStatement(em, text);
}
