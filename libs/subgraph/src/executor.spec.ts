import { type GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { AppError } from '@pm/errors';
import { DateTimeScalar } from '@pm/graphql';
import { buildSchema, type DocumentNode, execute, type ExecutionResult, getOperationAST, type GraphQLSchema, parse } from 'graphql';

import { compiledExecution } from './executor';

/** A schema with what the subgraphs' answers have: lists, promises, unions, non-null fields that fail, custom errors. */
function sampleSchema(): GraphQLSchema {
  const schema = buildSchema(`
    type Ticket { id: ID! title: String! count: Int! lazy: Int! unit: Unit boom: String! soft: String plain: String! }
    type Unit { code: String! }
    type Notice { text: String! }
    union Item = Ticket | Notice
    scalar DateTime
    enum Kind { REPAIR COMPLAINT }
    input Search { text: String! exact: Boolean! = false kinds: [Kind!] = [REPAIR] from: DateTime }
    type Query { tickets(first: Int!): [Ticket!]! items: [Item!]! ticket(id: ID!): Ticket search(input: Search!): String! }
  `);
  const { serialize, parseValue, parseLiteral } = DateTimeScalar;
  Object.assign(schema.getType('DateTime')!, { serialize, parseValue, parseLiteral });
  // `lazy` has no resolver and is a promise, as a lazily counted totalCount is.
  const tickets = Array.from({ length: 5 }, (_, i) => ({ id: `t${i}`, title: `报修${i}`, unitCode: i % 2 ? `1-${i}` : null, get lazy() {
    return Promise.resolve(i * 2);
  } }));
  const fields = (type: string) => (schema.getType(type) as unknown as { getFields(): Record<string, { resolve?: unknown }> }).getFields();
  fields('Query').tickets.resolve = async (_: unknown, { first }: { first: number }) => tickets.slice(0, first);
  fields('Query').ticket.resolve = (_: unknown, { id }: { id: string }) => tickets.find((t) => t.id === id) ?? null;
  fields('Query').items.resolve = () => [tickets[0], { text: '停水通知' }];
  fields('Query').search.resolve = (_: unknown, { input }: { input: { from?: Date } }) => JSON.stringify({ ...input, from: input.from?.toISOString() });
  fields('Ticket').count.resolve = async (t: { id: string }) => Number(t.id.slice(1)) * 10;
  fields('Ticket').unit.resolve = async (t: { unitCode: string | null }) => (t.unitCode ? { code: t.unitCode } : null);
  fields('Ticket').boom.resolve = () => {
    throw AppError.conflict('ALREADY_CLOSED', 'The ticket is closed');
  };
  fields('Ticket').plain.resolve = async () => {
    throw Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });
  };
  fields('Ticket').soft.resolve = async () => {
    throw AppError.forbidden('You may not see this');
  };
  (schema.getType('Item') as unknown as { resolveType: (v: object) => string }).resolveType = (v) => ('text' in v ? 'Notice' : 'Ticket');
  return schema;
}

/** What Apollo Server hands an executor, as much of it as the executor reads. */
const requestOf = (document: DocumentNode, queryHash: string, variables: Record<string, unknown>) =>
  ({ document, operation: getOperationAST(document), operationName: null, queryHash, request: { variables }, context: {} }) as unknown as GatewayGraphQLRequestContext;

const json = (result: ExecutionResult) => JSON.parse(JSON.stringify({ data: result.data, errors: result.errors?.map((e) => ({ message: e.message, path: e.path, extensions: e.extensions })) }));

describe('compiledExecution: operations run by graphql-jit answer as graphql-js does', () => {
  const schema = sampleSchema();
  const gateway = compiledExecution(schema);
  let executor: NonNullable<Awaited<ReturnType<typeof gateway.load>>['executor']>;
  beforeAll(async () => {
    let loaded: GraphQLSchema | undefined;
    gateway.onSchemaLoadOrUpdate(({ apiSchema }) => (loaded = apiSchema));
    executor = (await gateway.load({ apollo: {} })).executor!;
    expect(loaded).toBe(schema);
  });

  const operations: [string, Record<string, unknown>][] = [
    ['query Q($n: Int!) { tickets(first: $n) { id title count lazy unit { code } } }', { n: 3 }],
    ['{ items { __typename ... on Ticket { id } ... on Notice { text } } }', {}],
    ['query Q($id: ID!) { ticket(id: $id) { id title } }', { id: 't9' }],
    ['query Q($n: Int!) { tickets(first: $n) { id soft } }', { n: 2 }],
    ['query Q($n: Int!) { tickets(first: $n) { id boom } }', { n: 2 }],
    // An error without extensions of its own (a database exception) gets graphql-js's empty ones.
    ['query Q($n: Int!) { tickets(first: $n) { id plain } }', { n: 2 }],
    ['query Q($n: Int!) { a: tickets(first: $n) { id } b: tickets(first: 1) { title } }', { n: 2 }],
    ['query Q($n: Int!) { tickets(first: $n) { id } }', { n: 'three' }],
    ['query Q($n: Int!) { tickets(first: $n) { id } }', {}],
    // Input fields' defaults filled in, a DateTime variable read as a Date, a bad one refused as graphql-js words it.
    ['query Q($s: Search!) { search(input: $s) }', { s: { text: '漏水' } }],
    ['query Q($s: Search!) { search(input: $s) }', { s: { text: '漏水', kinds: ['COMPLAINT'], from: '2026-10-01T09:30:00+08:00' } }],
    ['query Q($s: Search!) { search(input: $s) }', { s: { text: '漏水', from: 'yesterday' } }],
  ];

  it.each(operations)('%s', async (query, variables) => {
    const document = parse(query);
    const expected = await execute({ schema, document, variableValues: variables, contextValue: {} });
    for (let i = 0; i < 2; i++) {
      expect(json(await executor(requestOf(document, query, variables)))).toEqual(json(expected));
    }
  });

  it('keeps the error a resolver threw, so its code and reason reach the client', async () => {
    const document = parse('{ ticket(id: "t1") { boom } }');
    const result = await executor(requestOf(document, 'boom', {}));
    expect(result.data).toEqual({ ticket: null });
    expect(result.errors?.[0].originalError).toBeInstanceOf(AppError);
  });
});
