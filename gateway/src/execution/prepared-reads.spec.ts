import { type IncomingMessage, type ServerResponse } from 'node:http';

import { buildSchema, type OperationDefinitionNode, parse } from 'graphql';

import { type TextAnswering } from './pass-through';
import { PreparedReads, type RanQuery } from './prepared-reads';

const schema = buildSchema('type Query { tickets(first: Int): [String] }');
const QUERY = 'query Page($n: Int) { tickets(first: $n) }';

/** A query as pass-through.ts reports it, run against `against`. */
function ran(text: string, against = schema): RanQuery {
  const document = parse(text);
  return { source: text, request: {}, schema: against, document, operation: document.definitions[0] as OperationDefinitionNode };
}

/** A subgraph that answers `text`, counting what it is asked. */
function subgraph(text: string) {
  const asked: unknown[] = [];
  const kept: unknown[] = [];
  const source: TextAnswering = {
    answerAsText: async (request) => {
      asked.push(request);
      return { ok: true, text: async () => text };
    },
    keepAnswer: (_context, query) => kept.push(query),
  };
  return { source, asked, kept };
}

function response() {
  const written: { status?: number; headers?: unknown; body?: string } = {};
  const res = {
    writeHead: (status: number, headers: unknown) => Object.assign(written, { status, headers }),
    end: (body: string) => Object.assign(written, { body }),
  } as unknown as ServerResponse;
  return { res, written };
}

const post = { method: 'POST', headers: { 'content-type': 'application/json' } } as unknown as IncomingMessage;
const fetch = { serviceName: 'tickets', operation: 'query Page__tickets__0($n:Int){tickets(first:$n)}', operationName: 'Page__tickets__0', variableUsages: ['n'] };

describe('prepared reads (issue 14)', () => {
  it('serves a query run before with its own variables, and the subgraph\'s data as written', async () => {
    let current = schema;
    const reads = new PreparedReads({ schema: () => current, refuse: () => undefined, observe: () => undefined });
    const { source, asked } = subgraph('{"data":{"tickets":["a"]}}\n');
    reads.remember(ran(QUERY), fetch, source);
    const { res, written } = response();
    expect(await reads.serve(post, res, { query: QUERY, variables: { n: 1, unused: 2 } }, {})).toBe(true);
    expect(asked).toEqual([{ query: fetch.operation, variables: { n: 1 }, operationName: fetch.operationName }]);
    expect(written).toEqual({ status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"data":{"tickets":["a"]}}\n' });
    // A new supergraph: what was learnt under the old one is not used, and is forgotten.
    current = buildSchema('type Query { tickets(first: Int): [String] other: Int }');
    expect(await reads.serve(post, response().res, { query: QUERY, variables: { n: 1 } }, {})).toBe(false);
    expect(reads.size).toBe(0);
    expect(asked).toHaveLength(1);
  });

  it('asks nothing for variables the operation refuses or a request over the limits', async () => {
    const reads = new PreparedReads({ schema: () => schema, refuse: (_read, variables) => ((variables.n as number) > 100 ? new Error('too costly') as never : undefined), observe: () => undefined });
    const { source, asked } = subgraph('{"data":{"tickets":[]}}');
    reads.remember(ran(QUERY), fetch, source);
    for (const variables of [{ n: 'many' }, { n: 1000 }, '{"n":1}']) expect(await reads.serve(post, response().res, { query: QUERY, variables }, {})).toBe(false);
    expect(asked).toEqual([]);
  });

  it('hands an answer with errors back to be read the ordinary way', async () => {
    const reads = new PreparedReads({ schema: () => schema, refuse: () => undefined, observe: () => undefined });
    const { source, asked, kept } = subgraph('{"errors":[{"message":"no"}],"data":null}');
    reads.remember(ran(QUERY), fetch, source);
    const { res, written } = response();
    expect(await reads.serve(post, res, { query: QUERY, variables: { n: 1 } }, {})).toBe(false);
    expect([asked.length, kept, written]).toEqual([1, [fetch.operation], {}]);
  });

  it('keeps a bounded number of texts, the oldest going first, and never a mutation', async () => {
    const reads = new PreparedReads({ schema: () => schema, refuse: () => undefined, observe: () => undefined, limit: 2 });
    const { source, asked } = subgraph('{"data":{"tickets":[]}}');
    const text = (n: number) => `query Q${n} { tickets(first: ${n}) }`;
    for (let n = 1; n <= 5; n++) reads.remember(ran(text(n)), fetch, source);
    expect(reads.size).toBe(2);
    const served = async (query: string) => reads.serve(post, response().res, { query }, {});
    expect([await served(text(1)), await served(text(3)), await served(text(4)), await served(text(5))]).toEqual([false, false, true, true]);
    reads.remember(ran('mutation M { tickets }'), fetch, source);
    expect(await served('mutation M { tickets }')).toBe(false);
    expect(asked).toHaveLength(2);
  });
});
