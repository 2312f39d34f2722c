import * as operations from '@apollo/federation-internals/dist/operations';
import { buildSchema } from '@apollo/federation-internals';
import * as shaping from '@apollo/gateway/dist/resultShaping';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';

import { fastExecutionCounts, installFastExecution } from './fast-execution';

const schema = buildSchema('type Ticket { id: ID! title: String } type Query { ticket(id: ID!): Ticket }');
const original = { fromDocument: operations.operationFromDocument, computeResponse: shaping.computeResponse };

/** The document executeQueryPlan builds for every request: the operation node and its fragments, in a new object. */
function asExecuteQueryPlanBuildsIt(document: ReturnType<typeof parse>) {
  return { kind: Kind.DOCUMENT, definitions: [...document.definitions] } as ReturnType<typeof parse>;
}

describe('fast execution inside @apollo/gateway (issue 14)', () => {
  const document = parse('query One($id: ID!) { ticket(id: $id) { id title } }');

  it('takes the place of operationFromDocument and computeResponse where the gateway reads them', () => {
    expect(installFastExecution()).toBe(true);
    expect(operations.operationFromDocument).not.toBe(original.fromDocument);
    expect(shaping.computeResponse).not.toBe(original.computeResponse);
    expect(installFastExecution()).toBe(true);
  });

  it('keeps the Operation of the same parsed document for the gateway\'s per-request call, builds it once', () => {
    const before = fastExecutionCounts().operations;
    const first = operations.operationFromDocument(schema, asExecuteQueryPlanBuildsIt(document), { validate: false });
    const again = operations.operationFromDocument(schema, asExecuteQueryPlanBuildsIt(document), { validate: false });
    expect(again).toBe(first);
    expect(fastExecutionCounts().operations).toBe(before + 1);
    // Another parse of the same text is another document: Apollo Server's cache decides what is the same.
    expect(operations.operationFromDocument(schema, asExecuteQueryPlanBuildsIt(parse(document.loc!.source.body)), { validate: false })).not.toBe(first);
  });

  it('leaves the query planner\'s calls (validated, by operation name) and other fragments alone', () => {
    const planned = operations.operationFromDocument(schema, document, { operationName: 'One' });
    expect(operations.operationFromDocument(schema, document, { operationName: 'One' })).not.toBe(planned);
    const withFragment = parse('query One($id: ID!) { ticket(id: $id) { ...f } } fragment f on Ticket { id }');
    const otherFragment = parse('fragment f on Ticket { title }').definitions[0];
    const op = withFragment.definitions[0] as OperationDefinitionNode;
    const a = operations.operationFromDocument(schema, { kind: Kind.DOCUMENT, definitions: [op, withFragment.definitions[1]] }, { validate: false });
    const b = operations.operationFromDocument(schema, { kind: Kind.DOCUMENT, definitions: [op, otherFragment] }, { validate: false });
    expect(b).not.toBe(a);
    expect(b.toString()).toContain('title');
  });

  it('shapes answers of kept Operations with compiled code and others as before, with the same result', () => {
    const kept = operations.operationFromDocument(schema, asExecuteQueryPlanBuildsIt(document), { validate: false });
    const once = original.fromDocument(schema, document, { validate: false });
    const input = { ticket: { title: 'Leak', id: '7', extra: 1 } };
    const before = fastExecutionCounts().shapers;
    // The first answer is shaped as before (an operation used once is not worth compiling), later ones compiled.
    const first = shaping.computeResponse({ operation: kept, input, introspectionHandling: () => null });
    expect(fastExecutionCounts().shapers).toBe(before);
    const shaped = shaping.computeResponse({ operation: kept, input, introspectionHandling: () => null });
    expect(fastExecutionCounts().shapers).toBe(before + 1);
    expect(JSON.stringify(shaped.data)).toBe('{"ticket":{"id":"7","title":"Leak"}}');
    expect(JSON.stringify(first.data)).toBe(JSON.stringify(shaped.data));
    shaping.computeResponse({ operation: kept, input, introspectionHandling: () => null });
    expect(fastExecutionCounts().shapers).toBe(before + 1);
    expect(shaping.computeResponse({ operation: once, input, introspectionHandling: () => null })).toEqual(original.computeResponse({ operation: once, input, introspectionHandling: () => null }));
    expect(fastExecutionCounts().shapers).toBe(before + 1);
  });
});
