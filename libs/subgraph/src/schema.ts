import { buildSubgraphSchema } from '@apollo/subgraph';
import { type GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { MetadataStorage, ReferenceKind } from '@mikro-orm/core';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type UniqueConstraints } from '@pm/errors';
import { DateTimeScalar } from '@pm/graphql';
import { getMetadataStorage as validationMetadata, validateOrReject, validateSync } from 'class-validator';
import { defaultFieldResolver, type GraphQLSchema, parse } from 'graphql';
import { ArgumentValidationError, buildSchema, createResolversMap, getMetadataStorage, type NonEmptyArray } from 'type-graphql';

import { installFastArguments } from './arguments';
import { applyInputBoundary } from './boundary';
import { type SubgraphContext } from './context';
import { applyGuards, type Guards, guardReference } from './guards';
import { surelyValid } from './quick-rules';

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

type Rules = 'none' | 'sync' | 'async';
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
const ruled = new WeakMap<Function, Rules>();

/** Whether instances of `type` carry class-validator rules (their own, inherited or nested ones), and whether any is asynchronous. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
function rulesOf(type: Function): Rules {
  let known = ruled.get(type);
  if (known === undefined) {
    const storage = validationMetadata();
    const rules = storage.getTargetValidationMetadatas(type, '', true, false);
    const isAsync = rules.some((rule) => (rule.constraintCls && storage.getTargetValidatorConstraints(rule.constraintCls).some((c) => c.async)));
    known = !rules.length ? 'none' : isAsync ? 'async' : 'sync';
    ruled.set(type, known);
  }
  return known;
}

const isObject = (value: unknown): value is object => value !== null && typeof value === 'object';
const VALIDATION = { skipMissingProperties: true, forbidUnknownValues: false, whitelist: false };

/**
 * Arguments checked as type-graphql's own validation checks them (class-validator, missing
 * properties skipped, unknown values allowed; a failure is BAD_USER_INPUT naming the field), but
 * only for input classes that have rules (type-graphql loads class-validator again and walks it for
 * every argument of every request, a filter without a single rule included), and synchronously
 * where no rule is asynchronous (class-validator's asynchronous walk is a promise per rule); an
 * argument that surely passes its rules (quick-rules.ts) is not walked by class-validator at all.
 */
function validateArgument(value: unknown): Promise<void> | undefined {
  const items = (Array.isArray(value) ? value : [value]).filter((item): item is object => isObject(item) && rulesOf(item.constructor) !== 'none');
  if (!items.length) return undefined;
  if (items.some((item) => rulesOf(item.constructor) === 'async')) {
    return Promise.all(items.map((item) => validateOrReject(item, VALIDATION))).then(
      () => undefined,
      (errors: unknown) => {
        throw new ArgumentValidationError(errors as never);
      },
    );
  }
  const errors = items.flatMap((item) => (surelyValid(item) ? [] : validateSync(item, VALIDATION)));
  if (errors.length) throw new ArgumentValidationError(errors);
  return undefined;
}

/**
 * Per object type, the fields type-graphql resolves by reading the property of the same name (no
 * `@FieldResolver`, middleware or `@Authorized`; the schema name is the property's). type-graphql
 * gives each a resolver of its own — a closure, an object and a middleware chain per field per row,
 * a tenth of a list page's execution (issue 14) — where graphql-js's default resolver reads the same
 * property (kept as the field's resolver: graphql-jit, executor.ts, waits for what a resolver returns).
 * Fields a type inherits from a superclass keep theirs.
 */
function plainFields(): Map<string, string[]> {
  const storage = getMetadataStorage();
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  const advanced = new Map<Function, Set<string>>();
  for (const r of storage.fieldResolvers) {
    const target = r.getObjectType?.();
    if (target) advanced.set(target, (advanced.get(target) ?? new Set()).add(r.methodName));
  }
  // Several services' classes may share a type name (the tests run them in one process): a field is
  // plain only if it is plain in every class of that name.
  const plain = new Map<string, Set<string>>();
  const kept = new Map<string, Set<string>>();
  for (const type of storage.objectTypes) {
    const declared = [...storage.interfaceTypes.filter((i) => type.interfaceClasses?.includes(i.target)).flatMap((i) => i.fields ?? []), ...(type.fields ?? [])];
    for (const f of declared) {
      const isPlain = !advanced.get(f.target)?.has(f.name) && !f.middlewares?.length && !f.roles && f.name === f.schemaName;
      const into = isPlain ? plain : kept;
      into.set(type.name, (into.get(type.name) ?? new Set()).add(f.schemaName));
    }
  }
  return new Map([...plain].map(([name, fields]) => [name, [...fields].filter((f) => !kept.get(name)?.has(f))]));
}

/**
 * graphql-js's default resolver under another name: what a field of a column is resolved with. The
 * executor (executor.ts) lets graphql-jit read such a field as a bare property, without a resolver
 * call per row; anything else executing the schema resolves it as graphql-js would.
 */
export const readColumn: typeof defaultFieldResolver = (source, args, context, info) => defaultFieldResolver(source, args, context, info);

/** Whether `name` is reached through a getter (a computed value, perhaps a promise) on `prototype` or above it. */
function hasGetter(prototype: object | null, name: string): boolean {
  for (let p = prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    if (Object.getOwnPropertyDescriptor(p, name)?.get) return true;
  }
  return false;
}

/**
 * Of the plain fields, those that read a scalar column of a MikroORM entity (the same class is the
 * GraphQL type): their value is the column's, never a promise, so graphql-jit may read them bare.
 * A field reached through a getter, or of a type not backed by an entity in every class of its
 * name (a page: `totalCount` is a promise), is left to its resolver.
 */
function columnFields(plain: Map<string, string[]>): Map<string, string[]> {
  const columns = new Map<unknown, Set<string>>();
  for (const meta of Object.values(MetadataStorage.getMetadata())) {
    if (!meta.class) continue;
    const names = Object.values(meta.properties ?? {}).filter((p) => p.kind === ReferenceKind.SCALAR && p.persist !== false && !p.formula && !p.embedded).map((p) => p.name);
    columns.set(meta.class, new Set(names));
  }
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  const classesOf = new Map<string, Function[]>();
  for (const type of getMetadataStorage().objectTypes) classesOf.set(type.name, [...(classesOf.get(type.name) ?? []), type.target]);
  return new Map([...plain].map(([name, fields]) => [name, fields.filter((field) =>
    (classesOf.get(name) ?? []).every((target) => columns.get(target)?.has(field) && !hasGetter(target.prototype as object, field)))]));
}

/**
 * type-graphql classes → Federation 2 subgraph. Each `__resolveReference` goes through a per-request
 * DataLoader, so a gateway fetch of 100 representations is one batch, not 100 queries.
 */
export async function buildFederatedSchema(options: SubgraphSchemaOptions): Promise<BuiltSubgraph> {
  installFastArguments();
  const local = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    skipCheck: true,
    validateFn: validateArgument,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
  });
  const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(local)}`;
  const resolvers = createResolversMap(local) as GraphQLResolverMap<SubgraphContext>;
  const plain = plainFields();
  const ofColumns = columnFields(plain);
  for (const [typename, fields] of plain) {
    const map = resolvers[typename] as Record<string, unknown> | undefined;
    const columns = new Set(ofColumns.get(typename));
    if (map) for (const field of fields) if (field in map) map[field] = columns.has(field) ? readColumn : defaultFieldResolver;
  }
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
