import { type IncomingMessage, type ServerResponse } from 'node:http';

import { trace } from '@opentelemetry/api';
import { GRAPHQL_JSON_TYPE, plainGraphQLPost } from '@pm/runtime';
import { type ExecutionResult, type GraphQLSchema } from 'graphql';

import { coerceVariables, type CompiledOperations, handOverResult } from './executor';

export interface PreparedOperationsOptions {
  schema: GraphQLSchema;
  compiled: CompiledOperations;
  /** Records an answered operation (metrics; a mutation's relay nudge), as Apollo Server's plugin does. */
  answered(label: string, mutation: boolean, seconds: number): void;
}

/**
 * Operations a subgraph has already run once through Apollo Server, answered again without its
 * request pipeline (issue 14). Apollo Server parsed and validated the text against the subgraph's
 * schema, which never changes while it runs, and the executor compiled it (executor.ts). The same
 * operation name and text again needs only what depends on this request: the caller's context
 * (made before, as always), the variables (coerced by graphql-js, every time), the compiled
 * operation run, and `{"data":…}` written as Apollo Server writes it. On a page of 20 tickets
 * Apollo Server's pipeline (request parsing, hashing, plugins, its async context) was about a fifth
 * of what the request allocated.
 *
 * Anything else goes to Apollo Server unchanged, and gets what it got before, word for word: a
 * request in another shape (GET, another content type or `accept`, extensions, batches), a text
 * not run yet, variables the operation refuses (Apollo Server words those errors), and an answer
 * with errors, which Apollo Server formats: the result goes to it in the request's context and the
 * executor returns it instead of running the operation again (a mutation is never run twice).
 */
export class PreparedOperations {
  /** Answers served here since the subgraph started. */
  served = 0;

  constructor(private readonly options: PreparedOperationsOptions) {}

  /** Answers the request if it is an operation run before that answers data alone; false (nothing written) otherwise. */
  async serve(req: IncomingMessage, res: ServerResponse, body: unknown, context: object): Promise<boolean> {
    const began = performance.now();
    const post = plainGraphQLPost(req, body);
    if (!post) return false;
    const compiled = this.options.compiled.find(post.operationName, post.query);
    if (!compiled?.query) return false;
    const { operation } = compiled;
    const checked = coerceVariables(this.options.schema, operation, post.variables);
    if (checked.errors) return false;
    trace.getActiveSpan()?.updateName(`graphql ${compiled.label}`);
    const result = (await compiled.query.query(undefined, context, checked.coerced)) as ExecutionResult;
    if (result.errors) {
      handOverResult(context, result);
      return false;
    }
    res.writeHead(200, { 'content-type': GRAPHQL_JSON_TYPE });
    res.end(`${JSON.stringify({ data: result.data })}\n`);
    this.served++;
    this.options.answered(compiled.label, operation.operation === 'mutation', (performance.now() - began) / 1000);
    return true;
  }
}
