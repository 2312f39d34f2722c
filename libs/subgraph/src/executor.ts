import { type GatewayExecutor, type GatewayGraphQLRequestContext, type GatewayInterface, type GatewaySchemaLoadOrUpdateCallback } from '@apollo/server-gateway-interface';
import { OperationTextCache, operationLabel } from '@pm/runtime';
import { defaultFieldResolver, type ExecutionResult, getNamedType, GraphQLError, type GraphQLSchema, isLeafType, isObjectType, type OperationDefinitionNode } from 'graphql';
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
 * Operations are kept by their operation name and text (CompiledOperations); one that fails to
 * compile (an unknown operation name) answers with its errors, as graphql-js would. graphql-jit
 * writes a field without a resolver as a bare property read that does not wait for a promise (a
 * lazily counted `totalCount` is one): only leaves of entities' columns are read so (schema.ts
 * `readColumn`: a resolver call per field per row was a tenth of a page's execution); every other
 * field has a resolver, graphql-js's default where the schema gave none.
 */
export function compiledExecution(schema: GraphQLSchema, operations = new CompiledOperations(schema)): GatewayInterface {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      // A leaf read from an entity's column (schema.ts readColumn) is read bare; every other field
      // keeps a resolver, which graphql-jit waits for.
      if (field.resolve === readColumn && isLeafType(getNamedType(field.type))) field.resolve = undefined;
      else field.resolve ??= defaultFieldResolver;
    }
  }
  let listener: GatewaySchemaLoadOrUpdateCallback | undefined;
  const executor: GatewayExecutor = async (request) => {
    // What prepared.ts ran for this very request and could not answer itself (an answer with errors).
    const earlier = takeEarlierResult(request.context);
    if (earlier) return earlier;
    const compiled = operations.compile(request);
    if (!compiled.query) return compiled.refused;
    const checked = coerceVariables(schema, request.operation, request.request.variables ?? {});
    if (checked.errors) return { errors: checked.errors };
    return withGraphQLErrors(await compiled.query.query(undefined, request.context, checked.coerced));
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
      operations.clear();
    },
  };
}

/**
 * An operation's variables, coerced by graphql-js: its errors (wording, the variable's node) are what
 * Apollo Server turns into BAD_USER_INPUT and an HTTP 400, and graphql-jit leaves out the default
 * values of input fields. graphql-jit reads the coerced values again, which they pass as they are
 * (enum values are their names; DateTime takes a Date).
 */
export const coerceVariables = (schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Record<string, unknown>) =>
  getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 50 });

const withGraphQLErrors = (result: ExecutionResult): ExecutionResult => (result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result);

/** One operation of a text, compiled (or why it cannot be: an unknown operation name). */
export type CompiledOperation = {
  operation: OperationDefinitionNode;
  /** Its name in metrics and spans (`query tickets`). */
  label: string;
} & ({ query: CompiledQuery; refused?: undefined } | { query?: undefined; refused: ExecutionResult });

/**
 * The operations a subgraph has compiled, by operation name and text: the executor's, and what
 * prepared.ts answers again without Apollo Server. Apollo Server parsed and validated a text before
 * it reached the executor, against the one schema a subgraph has all its life.
 */
export class CompiledOperations {
  private readonly operations: OperationTextCache<CompiledOperation>;

  constructor(private readonly schema: GraphQLSchema, limit = MAX_COMPILED) {
    this.operations = new OperationTextCache(limit);
  }

  get size(): number {
    return this.operations.size;
  }

  /**
   * The operation Apollo Server hands the executor, compiled on its first run. One without its
   * text (never so from Apollo Server 5's HTTP path) or with a text too long to keep is compiled
   * each time.
   */
  compile(request: GatewayGraphQLRequestContext): CompiledOperation {
    const { source } = request;
    const name = request.request.operationName;
    const kept = source === undefined ? undefined : this.operations.get(name, source);
    if (kept) return kept;
    const query = compileQuery(this.schema, request.document, request.operationName ?? undefined, { disablingCapturingStackErrors: true });
    const label = operationLabel(request.operation);
    const compiled: CompiledOperation = isCompiledQuery(query) ? { query, operation: request.operation, label } : { refused: query, operation: request.operation, label };
    if (source !== undefined) this.operations.set(name, source, compiled);
    return compiled;
  }

  /** A text already run under this operation name, compiled. */
  find(operationName: string | undefined, source: string): CompiledOperation | undefined {
    return this.operations.get(operationName, source);
  }

  clear(): void {
    this.operations.clear();
  }
}

const EARLIER = Symbol('pm.subgraph.earlierResult');
type CarriesEarlier = { [EARLIER]?: ExecutionResult };

/**
 * Hands Apollo Server's executor the result prepared.ts got for this request, in the request's
 * context (Apollo Server may copy the context object; its own properties go along).
 */
export function handOverResult(context: object, result: ExecutionResult): void {
  (context as CarriesEarlier)[EARLIER] = withGraphQLErrors(result);
}

function takeEarlierResult(context: unknown): ExecutionResult | undefined {
  const carrier = context as CarriesEarlier | undefined;
  const earlier = carrier?.[EARLIER];
  if (earlier) carrier[EARLIER] = undefined;
  return earlier;
}
