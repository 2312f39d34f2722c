import { type EntityManager } from '@mikro-orm/core';
import { type TypeGuard } from '@pm/identity';
import { type FieldNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

import { guardsOf } from './guards';

/**
 * What a computed field (a `@FieldResolver`) of the node type reads of its row, by field name:
 * `{ unit: ['unitId'] }`. A computed field not named here makes the page read whole rows.
 */
export type ComputedReads = Readonly<Record<string, readonly string[]>>;

/** Per entity class: its GraphQL fields backed by one property each, and those computed. */
interface FieldMap {
  /** Its GraphQL type's name (the guards' key). */
  typeName: string;
  plain: Map<string, string>;
  computed: Set<string>;
  persisted: Set<string>;
}

const fieldMaps = new WeakMap<object, FieldMap>();
const guardReads = new WeakMap<TypeGuard<unknown>, readonly string[] | null>();

function fieldMapOf(em: EntityManager, entity: abstract new (...args: never[]) => object): FieldMap {
  let map = fieldMaps.get(entity);
  if (!map) {
    const storage = getMetadataStorage();
    const computed = new Set(storage.fieldResolvers.filter((r) => r.getObjectType?.() === entity).map((r) => r.schemaName));
    // Its own fields and those it inherits.
    const fields = storage.fields.filter((f) => f.target === entity || Object.prototype.isPrototypeOf.call(f.target, entity));
    const meta = em.getMetadata().get(entity.name);
    const persisted = new Set(meta.props.filter((p) => p.persist !== false && !p.lazy && !p.formula && !p.embedded && !p.embeddable).map((p) => p.name));
    const plain = new Map(fields.filter((f) => !computed.has(f.schemaName) && persisted.has(f.name)).map((f) => [f.schemaName, f.name]));
    const typeName = storage.objectTypes.find((t) => t.target === entity)?.name ?? entity.name;
    map = { typeName, plain, computed, persisted };
    fieldMaps.set(entity, map);
  }
  return map;
}

/**
 * The properties a type's guard reads to find a record's facts, found by handing its `facts` a
 * record that notes what is read. A guard that reads what this does not see (a property only read
 * on some branch) can only see less and so shows less, never more: every READ_POLICY rule needs a
 * fact present to let a caller through. null: the guard could not be traced; read whole rows.
 */
function readsOfGuard(guard: TypeGuard<unknown>): readonly string[] | null {
  let reads = guardReads.get(guard);
  if (reads === undefined) {
    const seen = new Set<string>();
    const record = new Proxy({}, { get: (_target, key) => (typeof key === 'string' && seen.add(key), undefined) });
    try {
      guard.facts(record as never);
      reads = [...seen];
    } catch {
      reads = null;
    }
    guardReads.set(guard, reads);
  }
  return reads;
}

/** Field names selected under `set`, through inline fragments and fragment spreads (whatever their type condition: more is safe). */
function selectedNames(set: SelectionSetNode | undefined, info: Pick<GraphQLResolveInfo, 'fragments'>, into: Map<string, FieldNode[]>): void {
  for (const node of set?.selections ?? []) {
    if (node.kind === Kind.FIELD) into.set(node.name.value, [...(into.get(node.name.value) ?? []), node]);
    else if (node.kind === Kind.INLINE_FRAGMENT) selectedNames(node.selectionSet, info, into);
    else selectedNames(info.fragments[node.name.value]?.selectionSet, info, into);
  }
}

/**
 * The fields selected on a connection itself (`edges`, `nodes`, `pageInfo`, `totalCount`), through
 * fragments, `__typename` left out. A field under `@skip` or `@include` counts as selected: more is safe.
 */
export function connectionFields(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): Set<string> {
  const top = new Map<string, FieldNode[]>();
  for (const field of info.fieldNodes) selectedNames(field.selectionSet, info, top);
  top.delete('__typename');
  return new Set(top.keys());
}

/** The fields selected on a connection's nodes: `edges { node { … } }` and `nodes { … }`. */
function nodeSelection(info: GraphQLResolveInfo): Map<string, FieldNode[]> {
  const top = new Map<string, FieldNode[]>();
  for (const field of info.fieldNodes) selectedNames(field.selectionSet, info, top);
  const nodes = new Map<string, FieldNode[]>();
  for (const edge of top.get('edges') ?? []) {
    const inEdge = new Map<string, FieldNode[]>();
    selectedNames(edge.selectionSet, info, inEdge);
    for (const node of inEdge.get('node') ?? []) selectedNames(node.selectionSet, info, nodes);
  }
  for (const node of top.get('nodes') ?? []) selectedNames(node.selectionSet, info, nodes);
  return nodes;
}

/**
 * The properties a page of `entity` must read for what the client selected on its nodes (issue 14):
 * the fields backed by a property, what each selected computed field reads (`computed`), and what
 * the type's guard reads for the access policy; findForRead adds the key and the page the order.
 * A page of 20 tickets asking for six fields reads 9 columns instead of 55. Returns undefined —
 * read whole rows — when anything selected is not known to be covered: a computed field without
 * its reads, a field that is not a column, a guard that could not be traced.
 */
export function pageColumns(
  info: GraphQLResolveInfo,
  em: EntityManager,
  entity: abstract new (...args: never[]) => object,
  computed: ComputedReads = {},
): string[] | undefined {
  const map = fieldMapOf(em, entity);
  const columns = new Set<string>();
  for (const name of nodeSelection(info).keys()) {
    if (name === '__typename') continue;
    const property = map.plain.get(name);
    if (property) columns.add(property);
    else if (map.computed.has(name) && computed[name]) computed[name].forEach((p) => columns.add(p));
    else return undefined;
  }
  const guard = guardsOf(info.schema)?.[map.typeName];
  if (guard) {
    const reads = readsOfGuard(guard);
    if (!reads) return undefined;
    reads.forEach((p) => columns.add(p));
  }
  if ([...columns].some((p) => !map.persisted.has(p))) return undefined;
  return [...columns];
}
