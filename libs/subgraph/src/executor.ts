import { type GatewayExecutor, type GatewayInterface, type GatewaySchemaLoadOrUpdateCallback } from '@apollo/server-gateway-interface';
import { defaultFieldResolver, type ExecutionResult, getNamedType, GraphQLError, type GraphQLSchema, isLeafType, isObjectType } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';

import { readColumn } from './schema';

/**
 * graphql-jit's errors as graphql-js makes them: its own leave `extensions` undefined when what a
 * resolver threw has none (a database exception), and Apollo Server, reading `extensions.code`,
 * then answers a bare "Internal server error" without ever asking our formatError.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  if (error.extensions) return error;
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, originalError: error.originalError ?? undefined });
}

/** Operations kept compiled; past it the oldest is compiled again when it comes back. */
const MAX_COMPILED = 1_000;

/**
 * A subgraph's operations executed by graphql-jit instead of graphql-js (issue 14). graphql-js
 * walks the operation for every object of every answer — argument values, field lookups, a result
 * path — which was a fifth of a 20-ticket page's CPU; graphql-jit compiles each operation once into
 * a function that does only the resolving and completing that operation needs. Apollo Server keeps
 * doing all the rest (parsing, validation, plugins, error formatting): it runs an operation through
 * this as through a gateway's executor, the way it lets a server replace execution.
 *
 * Operations are kept by Apollo's hash of their text; one that fails to compile (an unknown
 * operation name) answers with its errors, as graphql-js would. graphql-jit writes a field without a
 * resolver as a bare property read that does not wait for a promise (a lazily counted `totalCount`
 * is one): only leaves of entities' columns are read so (schema.ts `readColumn`: a resolver call per
 * field per row was a tenth of a page's execution); every other field has a resolver, graphql-js's
 * default where the schema gave none.
 */
export function compiledExecution(schema: GraphQLSchema): GatewayInterface {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      // A leaf read from an entity's column (schema.ts readColumn) is read bare; every other field
      // keeps a resolver, which graphql-jit waits for.
      if (field.resolve === readColumn && isLeafType(getNamedType(field.type))) field.resolve = undefined;
      else field.resolve ??= defaultFieldResolver;
    }
  }
  const compiled = new Map<string, CompiledQuery | ExecutionResult>();
  let listener: GatewaySchemaLoadOrUpdateCallback | undefined;
  const executor: GatewayExecutor = async (request) => {
    const key = `${request.queryHash}|${request.operationName ?? ''}`;
    let query = compiled.get(key);
    if (!query) {
      query = compileQuery(schema, request.document, request.operationName ?? undefined, { disablingCapturingStackErrors: true });
      if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
      compiled.set(key, query);
    }
    if (!isCompiledQuery(query)) return query;
    const variables = request.request.variables ?? {};
    // Variables are coerced by graphql-js: its errors (wording, the variable's node) are what Apollo
    // Server turns into BAD_USER_INPUT and an HTTP 400, and graphql-jit leaves out the default
    // values of input fields. graphql-jit reads the coerced values again, which they pass as they are
    // (enum values are their names; DateTime takes a Date).
    const checked = getVariableValues(schema, request.operation.variableDefinitions ?? [], variables, { maxErrors: 50 });
    if (checked.errors) return { errors: checked.errors };
    const result = (await query.query(undefined, request.context, checked.coerced)) as ExecutionResult<Record<string, unknown>>;
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
  };
  return {
    onSchemaLoadOrUpdate(callback) {
      listener = callback;
      return () => (listener = undefined);
    },
    async load() {
      listener?.({ apiSchema: schema, coreSupergraphSdl: '' });
      return { executor };
    },
    async stop() {
      compiled.clear();
    },
  };
}
