import { type DocumentNode, type FieldNode, Kind, type OperationDefinitionNode, parse, print } from 'graphql';

/**
 * The query planner asks a subgraph for entities once per path: a ticket's `unit { code }` and
 * `reporter { name }` are two `_entities` fetches to residents, sent side by side (a Parallel of
 * two Fetch nodes), so every board change and every page of tickets cost residents two HTTP
 * requests, two signed identities to verify and two executions. Fetches of one request to one
 * subgraph that leave in the same turn are sent here as one operation, each `_entities` under an
 * alias with its own representations, and the answer is split back into one per fetch, as if each
 * had been sent alone.
 */

/** One `_entities` fetch as the planner writes it: its only variable the representations. */
export interface EntityFetch {
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
}

/** A subgraph's answer, as far as it is split here. */
export interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { path?: readonly (string | number)[]; [key: string]: unknown }[];
  extensions?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The planner's `_entities` operation, parsed; null when the text is not of that shape (then it is sent alone). */
const parsed = new Map<string, OperationDefinitionNode | null>();
const MAX_KEPT = 5_000;

function entitiesOperation(query: string): OperationDefinitionNode | null {
  let operation = parsed.get(query);
  if (operation !== undefined) return operation;
  operation = null;
  try {
    const document: DocumentNode = parse(query, { noLocation: true });
    const [only] = document.definitions;
    if (document.definitions.length === 1 && only.kind === Kind.OPERATION_DEFINITION && only.operation === 'query') {
      const [field] = only.selectionSet.selections;
      const variable = only.variableDefinitions?.[0];
      const argument = field?.kind === Kind.FIELD ? field.arguments?.[0] : undefined;
      if (
        only.selectionSet.selections.length === 1 && field.kind === Kind.FIELD && field.name.value === '_entities' && !field.alias && !field.directives?.length &&
        only.variableDefinitions?.length === 1 && variable?.variable.name.value === 'representations' && !only.directives?.length &&
        field.arguments?.length === 1 && argument?.name.value === 'representations' && argument.value.kind === Kind.VARIABLE && argument.value.name.value === 'representations'
      ) operation = only;
    }
  } catch {
    operation = null;
  }
  if (parsed.size >= MAX_KEPT) parsed.clear();
  parsed.set(query, operation);
  return operation;
}

/** Whether `fetch` is a planner's `_entities` fetch that may be merged with others. */
export const isEntityFetch = (fetch: EntityFetch): boolean =>
  typeof fetch.variables === 'object' && fetch.variables !== null && Object.keys(fetch.variables).length === 1 && Array.isArray(fetch.variables.representations) && entitiesOperation(fetch.query) !== null;

const merged = new Map<string, string>();

/** One operation asking for what `fetches` (each isEntityFetch) ask: `e0: _entities(representations: $r0) …`. */
export function mergeEntityFetches(fetches: readonly EntityFetch[]): EntityFetch {
  const key = fetches.map((f) => f.query).join('\u0000');
  let query = merged.get(key);
  if (query === undefined) {
    const operations = fetches.map((f) => entitiesOperation(f.query)!);
    const document: DocumentNode = {
      kind: Kind.DOCUMENT,
      definitions: [{
        kind: Kind.OPERATION_DEFINITION,
        operation: 'query' as OperationDefinitionNode['operation'],
        name: { kind: Kind.NAME, value: `${operations[0].name?.value ?? 'Entities'}__merged` },
        variableDefinitions: operations.map((operation, i) => ({ ...operation.variableDefinitions![0], variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: `r${i}` } } })),
        selectionSet: {
          kind: Kind.SELECTION_SET,
          selections: operations.map((operation, i) => {
            const field = operation.selectionSet.selections[0] as FieldNode;
            return {
              ...field,
              alias: { kind: Kind.NAME, value: `e${i}` },
              arguments: [{ ...field.arguments![0], value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: `r${i}` } } }],
            };
          }),
        },
      }],
    };
    query = print(document);
    if (merged.size >= MAX_KEPT) merged.clear();
    merged.set(key, query);
  }
  return {
    query,
    operationName: `${entitiesOperation(fetches[0].query)!.name?.value ?? 'Entities'}__merged`,
    variables: Object.fromEntries(fetches.map((f, i) => [`r${i}`, f.variables.representations])),
  };
}

/**
 * The merged operation's answer as `count` answers, one per fetch: its `e<i>` as `_entities`, the
 * errors under `e<i>` with their path back under `_entities`, errors of no one fetch (no path) and
 * the extensions in every answer.
 */
export function splitEntityAnswer(answer: Answer, count: number): Answer[] {
  return Array.from({ length: count }, (_, i) => {
    const alias = `e${i}`;
    const errors = answer.errors
      ?.filter((e) => !e.path?.length || e.path[0] === alias)
      .map((e) => (e.path?.length ? { ...e, path: ['_entities', ...e.path.slice(1)] } : e));
    const data = answer.data === null || answer.data === undefined ? answer.data : { _entities: answer.data[alias] ?? null };
    const { errors: _all, ...rest } = answer;
    return { ...rest, data, ...(errors?.length ? { errors } : {}) };
  });
}
