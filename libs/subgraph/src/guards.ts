import { AppError } from '@pm/errors';
import { type Identity, mayRead, type TypeGuard } from '@pm/identity';
import {
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLOutputType,
} from 'graphql';

import { type SubgraphContext } from './context';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Guards = Record<string, TypeGuard<any>>;

const applied = new WeakMap<GraphQLSchema, Guards>();

/** The guards applied to `schema` (applyGuards), by type name. */
export const guardsOf = (schema: GraphQLSchema): Guards | undefined => applied.get(schema);

function readable(identity: Identity, guard: TypeGuard<unknown>, value: unknown): boolean {
  return value != null && mayRead(identity, guard.rule, guard.facts(value as never));
}

/** Applies a guard to what one field resolved: unreadable items leave lists, singles become null or FORBIDDEN. */
function filterValue(value: unknown, type: GraphQLOutputType, guard: TypeGuard<unknown>, identity: Identity, typename: string): unknown {
  if (value == null) return value;
  const inner = getNullableType(type);
  if (isListType(inner)) {
    if (!Array.isArray(value)) return value;
    return value.filter((item) => item == null || readable(identity, guard, item));
  }
  if (readable(identity, guard, value)) return value;
  if (isNonNullType(type)) throw AppError.forbidden(`You may not see this ${typename}`);
  return null;
}

/**
 * Wraps every field that returns a guarded type (top-level queries, nested fields, connection nodes,
 * mutation results) so the type's read rule is checked wherever the object is reached.
 */
export function applyGuards(schema: GraphQLSchema, guards: Guards): void {
  applied.set(schema, guards);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      const guard = guards[named.name];
      if (!guard) continue;
      const resolve: GraphQLFieldResolver<unknown, SubgraphContext> = field.resolve ?? defaultFieldResolver;
      const returns = field.type;
      field.resolve = (source, args, ctx, info) => {
        const result = resolve(source, args, ctx, info) as unknown;
        if (result instanceof Promise) return result.then((value) => filterValue(value, returns, guard, ctx.identity, named.name));
        return filterValue(result, returns, guard, ctx.identity, named.name);
      };
    }
  }
}

/** A federation reference of a guarded type resolves to null when the caller may not read it. */
export function guardReference(guard: TypeGuard<unknown>, load: (id: string, ctx: SubgraphContext) => Promise<object | null>) {
  return async (id: string, ctx: SubgraphContext) => {
    const found = await load(id, ctx);
    return found && readable(ctx.identity, guard, found) ? found : null;
  };
}
