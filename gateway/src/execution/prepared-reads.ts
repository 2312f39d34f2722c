import { type IncomingMessage, type ServerResponse } from 'node:http';

import { trace } from '@opentelemetry/api';
import { GRAPHQL_JSON_TYPE, OperationTextCache, operationLabel, plainGraphQLPost } from '@pm/runtime';
import { type DocumentNode, getVariableValues, type GraphQLError, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';

import { askForDataText, notePassedThrough, type PlannedFetch, type TextAnswering } from './pass-through';

/** What the gateway learnt running a query that is one subgraph's, as the caller wrote it. */
export interface PreparedRead {
  /** The API schema it was validated and planned against: a new supergraph makes it stale. */
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  fetch: PlannedFetch;
  source: TextAnswering;
  /** Its name in the gateway's metrics and spans (`query tickets`). */
  label: string;
}

/** What pass-through.ts hands over when it passes a query's answer through (the gateway's request context). */
export interface RanQuery {
  source?: string;
  request: { operationName?: string };
  schema: GraphQLSchema;
  document?: DocumentNode;
  operation?: OperationDefinitionNode;
}

export interface PreparedReadsOptions {
  /** The API schema the gateway serves now. */
  schema(): GraphQLSchema | undefined;
  /** Why the operation may not run with these variables (the query limits), or undefined. */
  refuse(read: PreparedRead, variables: Record<string, unknown>): GraphQLError | undefined;
  /** Records the answered operation in the gateway's metrics. */
  observe(label: string, seconds: number): void;
  /** Query texts kept (each with its operation name; none over 16,384 characters); the oldest goes when full. @default 1000 */
  limit?: number;
}

/**
 * Queries the gateway has already run, once, the whole way (issue 14): Apollo Server parsed and
 * validated the text, resolved the operation and ran its plugins; @apollo/gateway planned it as
 * one subgraph's query, as the caller wrote it (pass-through.ts); the answer went on as the
 * subgraph's text. The same text again — the same operation against the same schema — needs only
 * what depends on this request: the caller (authenticated before, as always), the variables
 * (coerced as the gateway does, every time), the query limits for those variables, the one fetch,
 * and the subgraph's answer sent on. That is what `serve` does, without Apollo Server's request
 * pipeline and @apollo/gateway's plan execution around it (about a third of the gateway's CPU on
 * a page of tickets, `npm run bench`).
 *
 * Anything else goes the ordinary way, and gets what it got before, word for word: a request in
 * any other shape (GET, another content type or `accept`, extensions such as persisted queries,
 * batches), a text not seen yet or seen under another schema, variables the operation refuses,
 * an operation over the limits (Apollo Server's path gives those errors), and any answer other than
 * data alone: errors, an HTTP error, a subgraph that cannot be reached. Such an answer is handed to
 * the ordinary path, which reads it from the same response instead of asking again.
 */
export class PreparedReads {
  private readonly reads: OperationTextCache<PreparedRead>;
  /** Answers served here since the gateway started. */
  served = 0;

  constructor(private readonly options: PreparedReadsOptions) {
    this.reads = new OperationTextCache(options.limit ?? 1000);
  }

  get size(): number {
    return this.reads.size;
  }

  /** Called by pass-through.ts when a query's plan is one fetch it passes through. */
  remember(ran: RanQuery, fetch: PlannedFetch, source: TextAnswering): void {
    if (typeof ran.source !== 'string' || !ran.document || !ran.operation || ran.operation.operation !== 'query') return;
    const name = ran.request.operationName;
    if (this.reads.get(name, ran.source)?.schema === ran.schema) return;
    this.reads.set(name, ran.source, { schema: ran.schema, document: ran.document, operation: ran.operation, fetch, source, label: operationLabel(ran.operation) });
  }

  /**
   * Answers the request if it is a prepared read whose subgraph answers data alone; false (nothing
   * written) when the ordinary path must answer it, with the same `context`.
   */
  async serve(req: IncomingMessage, res: ServerResponse, body: unknown, context: object): Promise<boolean> {
    const began = performance.now();
    const post = plainGraphQLPost(req, body);
    if (!post) return false;
    const { query, operationName, variables } = post;
    const read = this.reads.get(operationName, query);
    if (!read) return false;
    const schema = this.options.schema();
    if (read.schema !== schema) {
      this.reads.delete(operationName, query);
      return false;
    }
    // The gateway's own check of the variables (ApolloGateway.validateIncomingRequest), then the limits for them.
    if (getVariableValues(schema, read.operation.variableDefinitions ?? [], variables).errors || this.options.refuse(read, variables)) return false;
    // The one fetch; any answer but data alone is handed to Apollo Server in `context`.
    const data = await askForDataText(read.fetch, read.source, variables, context);
    if (data === undefined) return false;
    trace.getActiveSpan()?.updateName(`graphql ${read.label}`);
    res.writeHead(200, { 'content-type': GRAPHQL_JSON_TYPE });
    res.end(`{"data":${data}}\n`);
    this.served++;
    notePassedThrough();
    this.options.observe(read.label, (performance.now() - began) / 1000);
    return true;
  }
}
