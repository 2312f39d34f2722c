import { buildSubgraphSchema } from '@apollo/subgraph';
import { type GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type UniqueConstraints } from '@pm/errors';
import { DateTimeScalar } from '@pm/graphql';
import { type GraphQLSchema, parse } from 'graphql';
import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';

import { applyInputBoundary } from './boundary';
import { type SubgraphContext } from './context';
import { applyGuards, type Guards, guardReference } from './guards';

const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag"])';

/** Loads entities of one type by id, for `__resolveReference`; returns one item (or null) per id, in order. */
// A service's loader may ask for its own typed context (settings), hence never: any service's context is accepted.
export type ReferenceLoader = (ids: readonly string[], ctx: SubgraphContext<never>) => Promise<(object | null)[]>;

export interface SubgraphSchemaOptions {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
  /** Entity type name → batched loader; every `@key` type this subgraph resolves needs one. */
  references: Record<string, ReferenceLoader>;
  /**
   * The access policy's guards for the types this subgraph owns (`guardOf` of libs/identity): checked
   * on every field returning the type and on its federation references.
   */
  guards?: Guards;
  /** Unique constraints whose violation is a named business rule (others answer CONFLICT ALREADY_EXISTS). */
  uniqueConstraints?: UniqueConstraints;
}

export interface BuiltSubgraph {
  schema: GraphQLSchema;
  /** The Federation 2 SDL, as the gateway composes it. */
  sdl: string;
}

/**
 * type-graphql classes → Federation 2 subgraph. Each `__resolveReference` goes through a per-request
 * DataLoader, so a gateway fetch of 100 representations is one batch, not 100 queries.
 */
export async function buildFederatedSchema(options: SubgraphSchemaOptions): Promise<BuiltSubgraph> {
  const local = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    skipCheck: true,
    validate: { forbidUnknownValues: false, whitelist: false },
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
  });
  const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(local)}`;
  const resolvers = createResolversMap(local) as GraphQLResolverMap<SubgraphContext>;
  const guards = options.guards ?? {};
  for (const typename of Object.keys(options.references)) {
    const existing = (resolvers[typename] ?? {}) as Record<string, unknown>;
    const load = (id: string, ctx: SubgraphContext) => ctx.reference(typename).load(id);
    const resolve = guards[typename] ? guardReference(guards[typename], load) : load;
    resolvers[typename] = {
      ...existing,
      __resolveReference: (reference: { id: string }, ctx: SubgraphContext) => resolve(reference.id, ctx),
    } as never;
  }
  const schema = buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: resolvers as GraphQLResolverMap<unknown> });
  applyGuards(schema, guards);
  applyInputBoundary(schema);
  return { schema, sdl };
}
