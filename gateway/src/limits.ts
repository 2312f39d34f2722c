import { type ApolloServerPlugin } from '@apollo/server';
import {
  type ASTNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  visit,
} from 'graphql';

/** Size assumed for a list field without a `first` argument. */
export const DEFAULT_LIST_SIZE = 20;

/**
 * Fields that cost more than one row: reports aggregate a whole property's records, so each use
 * (every alias) counts this much instead of 1. With the default budget of 20,000 a query may hold
 * about 40 weekly summaries, not 500.
 */
export const FIELD_WEIGHTS: Readonly<Record<string, number>> = {
  'Query.ticketSummary': 500,
  'Query.paidRepairReport': 300,
  'Query.occupancyReport': 200,
  'Query.occupancyMonthlyReport': 300,
  'Query.serviceSatisfaction': 200,
  'Query.visitSummary': 200,
  'Query.piiAccessLog': 50,
  'Query.renovationRegister': 200,
  'Query.renovationDepositsDue': 100,
  'Query.parkingRegister': 200,
  'Query.parkingIncome': 100,
  'Mutation.importResidents': 2000,
};

export interface QueryMeasure {
  depth: number;
  cost: number;
}

function argumentValue(node: ValueNode | undefined, variables: Record<string, unknown>): unknown {
  if (!node) return undefined;
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  return undefined;
}

/**
 * Depth (nesting of fields) and cost (every field once per item of each list around it; a list's
 * size is its `first` argument, else its default, else DEFAULT_LIST_SIZE) of an operation.
 */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown> = {},
): QueryMeasure {
  let depth = 0;
  const walk = (set: SelectionSetNode, parent: GraphQLObjectType | undefined, level: number, multiplier: number, seen: Set<string>, paged = false): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments[name];
        if (!fragment || seen.has(name)) continue;
        const type = schema.getType(fragment.typeCondition.name.value);
        cost += walk(fragment.selectionSet, isObjectType(type) ? type : parent, level, multiplier, new Set([...seen, name]), paged);
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        cost += walk(selection.selectionSet, isObjectType(type) ? type : parent, level, multiplier, seen, paged);
        continue;
      }
      if (selection.name.value.startsWith('__')) continue;
      depth = Math.max(depth, level);
      const field: GraphQLField<unknown, unknown> | undefined = parent?.getFields()[selection.name.value];
      const firstArg = selection.arguments?.find((a) => a.name.value === 'first');
      const declaredFirst = field?.args.find((a) => a.name === 'first');
      const first = argumentValue(firstArg?.value, variables) ?? declaredFirst?.defaultValue;
      const returnsList = field ? isListType(getNullableType(field.type)) : false;
      // A connection's `first` already sizes its `edges` list.
      const size = typeof first === 'number' ? first : returnsList && !paged ? DEFAULT_LIST_SIZE : 1;
      cost += multiplier * (parent ? FIELD_WEIGHTS[`${parent.name}.${selection.name.value}`] ?? 1 : 1);
      if (selection.selectionSet) {
        const named = field ? getNamedType(field.type) : undefined;
        cost += walk(selection.selectionSet, isObjectType(named) ? named : undefined, level + 1, multiplier * Math.max(size, 1), seen, typeof first === 'number');
      }
    }
    return cost;
  };
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  const cost = walk(operation.selectionSet, root ?? undefined, 1, 1, new Set());
  return { depth, cost };
}

/** The variables an operation's `first` arguments read, in a fixed order: what its measure depends on besides its text. */
function pageSizeVariables(operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>): string[] {
  const names = new Set<string>();
  const visitNode = (node: ASTNode) => visit(node, {
    Argument(argument) {
      if (argument.name.value === 'first' && argument.value.kind === Kind.VARIABLE) names.add(argument.value.name.value);
    },
  });
  visitNode(operation);
  for (const fragment of Object.values(fragments)) visitNode(fragment);
  return [...names];
}

interface Measured {
  schema: GraphQLSchema;
  variables: string[];
  byValues: Map<string, QueryMeasure>;
}

/** Measures kept per parsed operation (Apollo Server hands over the same document for the same text) and page sizes. */
const measured = new WeakMap<OperationDefinitionNode, Measured>();
const MEASURES_PER_OPERATION = 32;

/** measureOperation, once per operation and values of the variables its page sizes read. */
export function measureOnce(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): QueryMeasure {
  let kept = measured.get(operation);
  if (!kept || kept.schema !== schema) {
    kept = { schema, variables: pageSizeVariables(operation, fragments), byValues: new Map() };
    measured.set(operation, kept);
  }
  const key = kept.variables.length ? JSON.stringify(kept.variables.map((name) => variables[name] ?? null)) : '';
  let measure = kept.byValues.get(key);
  if (!measure) {
    measure = measureOperation(schema, operation, fragments, variables);
    if (kept.byValues.size < MEASURES_PER_OPERATION) kept.byValues.set(key, measure);
  }
  return measure;
}

/** Root fields of an operation, aliases and fragment spreads counted (what a mutation would write). */
export function rootFieldCount(operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>): number {
  const count = (set: SelectionSetNode, seen: Set<string>): number =>
    set.selections.reduce((total, selection) => {
      if (selection.kind === Kind.FIELD) return total + (selection.name.value.startsWith('__') ? 0 : 1);
      if (selection.kind === Kind.INLINE_FRAGMENT) return total + count(selection.selectionSet, seen);
      const fragment = fragments[selection.name.value];
      return fragment && !seen.has(fragment.name.value) ? total + count(fragment.selectionSet, new Set([...seen, fragment.name.value])) : total;
    }, 0);
  return count(operation.selectionSet, new Set());
}

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  maxMutationFields: number;
}

/**
 * Why an operation is refused, before any subgraph is called: deeper or costlier than allowed, or
 * a mutation with too many writes; undefined when it may run. The plugin below throws it; the
 * gateway's prepared reads (execution/prepared-reads.ts) ask the same question.
 */
export function queryLimitError(limits: QueryLimits, schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): GraphQLError | undefined {
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  if (operation.operation === 'mutation') {
    const writes = rootFieldCount(operation, fragments);
    if (writes > limits.maxMutationFields) {
      return new GraphQLError(`One request may make at most ${limits.maxMutationFields} changes; this one makes ${writes}. Send them in separate requests.`, {
        extensions: { code: 'QUERY_TOO_COMPLEX', mutationFields: writes, maxMutationFields: limits.maxMutationFields, http: { status: 400 } },
      });
    }
  }
  const { depth, cost } = measureOnce(schema, operation, fragments, variables);
  if (depth > limits.maxDepth) {
    return new GraphQLError(`Query is nested ${depth} levels deep; the limit is ${limits.maxDepth}. Ask for fewer nested fields.`, {
      extensions: { code: 'QUERY_TOO_COMPLEX', depth, maxDepth: limits.maxDepth, http: { status: 400 } },
    });
  }
  if (cost > limits.maxCost) {
    return new GraphQLError(`Query would cost ${cost}; the limit is ${limits.maxCost}. Ask for smaller pages (first) or fewer fields.`, {
      extensions: { code: 'QUERY_TOO_COMPLEX', cost, maxCost: limits.maxCost, http: { status: 400 } },
    });
  }
  return undefined;
}

/** Refuses, before any subgraph is called, operations deeper or costlier than allowed, and mutations with too many writes. */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const refused = queryLimitError(limits, schema, document, operation, request.variables ?? {});
          if (refused) throw refused;
        },
      };
    },
  };
}
