import * as planExecution from '@apollo/gateway/dist/executeQueryPlan';
import { type OperationDefinitionNode, parse, print } from 'graphql';

import { type PreparedReads } from './prepared-reads';

/** The text of a subgraph's `data`, sent on to the caller as it came (the gateway never parsed it). */
export class AnswerText {
  constructor(readonly text: string) {}
}

/** What a subgraph answered, as text; the gateway's data source makes it (signed-data-source.ts). */
export interface TextAnswer {
  ok: boolean;
  text(): Promise<string>;
}

/** A data source whose answers can be had as text, and handed back for the gateway's own reading. */
export interface TextAnswering {
  answerAsText(request: { query: string; variables: Record<string, unknown>; operationName?: string }, context: unknown): Promise<TextAnswer>;
  /** The next `process` or `answerAsText` for `context` and `query` takes this answer (or failure) instead of asking again. */
  keepAnswer(context: object, query: string, answer: Promise<TextAnswer>): void;
}

const isTextAnswering = (source: unknown): source is TextAnswering =>
  typeof (source as TextAnswering | undefined)?.answerAsText === 'function' && typeof (source as TextAnswering).keepAnswer === 'function';


type ExecuteQueryPlan = typeof planExecution.executeQueryPlan;
type QueryPlan = Parameters<ExecuteQueryPlan>[0];
type FetchNode = Extract<NonNullable<QueryPlan['node']>, { kind: 'Fetch' }>;
type OperationContext = Parameters<ExecuteQueryPlan>[3];

let installed: { passed: number } | undefined;

/** The parts of a plan's fetch that asking it takes (a FetchNode has them). */
export interface PlannedFetch {
  serviceName: string;
  operation: string;
  operationName?: string;
  variableUsages?: string[];
}

/**
 * Asks a plan's one fetch for its answer as text, with the variables of `given` it uses (picked as
 * executeQueryPlan picks them): the subgraph's data when it answered data alone. Otherwise
 * undefined, and the answer (or failure) is kept in `context` for the ordinary path to read instead
 * of asking again.
 */
export async function askForDataText(fetch: PlannedFetch, source: TextAnswering, given: Record<string, unknown>, context: object): Promise<string | undefined> {
  const variables: Record<string, unknown> = {};
  for (const name of fetch.variableUsages ?? []) if (Object.hasOwn(given, name) && given[name] !== undefined) variables[name] = given[name];
  const answer = source.answerAsText({ query: fetch.operation, variables, operationName: fetch.operationName }, context);
  let data: string | undefined;
  try {
    const response = await answer;
    data = response.ok ? dataText(await response.text()) : undefined;
  } catch {
    data = undefined;
  }
  if (data === undefined) source.keepAnswer(context, fetch.operation, answer);
  return data;
}

/**
 * The plan's one fetch when its answer needs nothing of the gateway: a query planned as a single
 * fetch from one subgraph at the root (no entities, no rewrites), of exactly the caller's selection
 * (printed alike: no `__typename` the planner added for abstract types, no fragments it inlined, no
 * directives, no aliases renamed). The subgraph then answers what the gateway would have shaped
 * from it: same fields in the same order, same values, and no null the gateway would propagate
 * (a field non-null in the supergraph is non-null in every subgraph that resolves it).
 */
function singleFetch(plan: QueryPlan, operationContext: OperationContext, kept: WeakMap<QueryPlan, FetchNode | null>): FetchNode | null {
  let fetch = kept.get(plan);
  if (fetch !== undefined) return fetch;
  fetch = null;
  const node = plan.node;
  const operation = operationContext.operation;
  if (node?.kind === 'Fetch' && operation.operation === 'query' && !Object.keys(operationContext.fragments).length && !node.requires
    && !node.inputRewrites?.length && !node.outputRewrites?.length && !node.contextRewrites?.length) {
    const sent = (node.operationDocumentNode ?? parse(node.operation)).definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
    const asked = print(operation.selectionSet);
    if (sent && !asked.includes('@') && print(sent.selectionSet) === asked) fetch = node;
  }
  kept.set(plan, fetch);
  return fetch;
}

/**
 * Whether the supergraph hides anything from the API (`@inaccessible`): a subgraph may then answer
 * a value the gateway would refuse (an enum value callers cannot see), so nothing passes through.
 */
export function hidesElements(schema: Parameters<ExecuteQueryPlan>[4], known: WeakMap<object, boolean>): boolean {
  let hides = known.get(schema);
  if (hides === undefined) {
    // Composition links the inaccessible spec (and so defines the directive) only where it is used.
    hides = Boolean(schema.getDirective('inaccessible'));
    known.set(schema, hides);
  }
  return hides;
}

/**
 * The text between `{"data":` and the closing brace of an answer with data and nothing else; undefined
 * for any other (errors, which Apollo Server writes first; extensions; an HTTP error). A key named
 * `errors` or `extensions` anywhere (inside a string a quote is always escaped, so only a key can
 * match) sends the answer the ordinary way.
 */
export function dataText(text: string): string | undefined {
  if (!text.startsWith('{"data":{')) return undefined;
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 32)) end--;
  // Ends as `…}}`: the data object's brace and the answer's (a body cut short never gets here: the
  // HTTP client fails a response that ends before its length).
  if (text.charCodeAt(end - 1) !== 125 || text.charCodeAt(end - 2) !== 125 || text.includes('"errors":') || text.includes('"extensions":')) return undefined;
  return text.slice(8, end - 1);
}

/**
 * An answer sent on without being read (issue 14). For an operation that is one subgraph's query
 * as the caller wrote it (a page of tickets, an integrator's list), @apollo/gateway parses the
 * subgraph's answer, shapes it into a new object field by field, and Apollo Server writes that as
 * JSON again: the same text, three walks later (a sixth of the gateway's CPU on a page of 20). Here
 * such an answer, when the subgraph sent data and nothing else, goes on as its text
 * (`stringifyAnswer` writes it); any other answer (errors, extensions) is read the ordinary way —
 * from the same response, not by asking again.
 *
 * Only where the answer is only ever serialised: requests whose context says `answerAsText`
 * (the HTTP endpoint's); live boards and CSV reports read the data and take the ordinary way.
 * Installed where @apollo/gateway reads executeQueryPlan at call time; false when it is not there.
 */
export function installPassThrough(): boolean {
  if (installed) return true;
  const module = planExecution as { executeQueryPlan: ExecuteQueryPlan };
  const original = module.executeQueryPlan;
  if (typeof original !== 'function') return false;
  const counts = { passed: 0 };
  const plans = new WeakMap<QueryPlan, FetchNode | null>();
  const hiding = new WeakMap<object, boolean>();
  const passThrough: ExecuteQueryPlan = async (queryPlan, serviceMap, requestContext, operationContext, supergraphSchema, ...rest) => {
    const context = requestContext.context as { answerAsText?: boolean; preparedReads?: PreparedReads } | undefined;
    const fetch = context?.answerAsText && !hidesElements(supergraphSchema, hiding) ? singleFetch(queryPlan, operationContext, plans) : null;
    const source = fetch ? serviceMap[fetch.serviceName] : undefined;
    if (!fetch || !isTextAnswering(source)) return original(queryPlan, serviceMap, requestContext, operationContext, supergraphSchema, ...rest);
    // The same text again can skip the pipeline around this fetch (prepared-reads.ts).
    context?.preparedReads?.remember(requestContext, fetch, source);
    const data = await askForDataText(fetch, source, requestContext.request.variables ?? {}, context!);
    if (data !== undefined) {
      counts.passed++;
      return { data: new AnswerText(data) as unknown as Record<string, unknown> };
    }
    return original(queryPlan, serviceMap, requestContext, operationContext, supergraphSchema, ...rest);
  };
  module.executeQueryPlan = passThrough;
  if (module.executeQueryPlan !== passThrough) return false;
  installed = counts;
  return true;
}

/** Answers sent on as text since installPassThrough (for tests and /metrics). */
export const passedThrough = (): number => installed?.passed ?? 0;

/** Counts an answer sent on as text outside executeQueryPlan (a prepared read's). */
export function notePassedThrough(): void {
  if (installed) installed.passed++;
}

/** Apollo Server's `stringifyResult`: an answer kept as text is written around it, any other as Apollo Server writes it. */
export function stringifyAnswer(value: { data?: unknown; errors?: unknown; extensions?: unknown }): string {
  if (value.data instanceof AnswerText && value.errors === undefined && value.extensions === undefined) return `{"data":${value.data.text}}\n`;
  return `${JSON.stringify(value)}\n`;
}
