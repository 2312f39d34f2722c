import {
  buildSchema, type CompositeType, isCompositeType, isEnumType, isInterfaceType, isListType, isNonNullType, isObjectType, isUnionType, type NamedType, type Operation,
  operationFromDocument, type SelectionSet, type Type,
} from '@apollo/federation-internals';
import { computeResponse } from '@apollo/gateway/dist/resultShaping';
import fc from 'fast-check';
import { parse } from 'graphql';

import { compileShaping } from './result-shaping';

const SDL = `
  scalar DateTime
  enum Status { OPEN CLOSED }
  interface Node { id: ID! }
  interface Named { name: String }
  type Unit implements Node & Named { id: ID! name: String code: String! floor: Int tags: [String!] }
  type Person implements Node & Named { id: ID! name: String phone: String units: [Unit!]! }
  union Party = Unit | Person
  type Ticket implements Node {
    id: ID! number: Int! title: String status: Status! createdAt: DateTime score: Float urgent: Boolean
    unit: Unit reporter: Person! parties: [Party] history: [[Status!]]! related: [Ticket!]
  }
  type Edge { cursor: String! node: Ticket! }
  type Page { edges: [Edge!]! total: Int }
  type Query { tickets(first: Int): Page! ticket(id: ID!): Ticket node(id: ID!): Node party: Party count: Int! }
`;

const OPERATIONS = [
  '{ tickets(first: 20) { edges { node { id number title status createdAt } } total } }',
  '{ tickets { edges { cursor node { id unit { code name floor tags } reporter { name phone units { id code } } } } } }',
  '{ ticket(id: "1") { n: number title t: title unit { __typename code } alias: __typename } count }',
  '{ node(id: "1") { id __typename ... on Unit { code floor } ... on Person { name units { code } } ...named } }  fragment named on Named { name }',
  '{ party { ... on Unit { code } ... on Person { phone } } ticket(id: "2") { parties { __typename ... on Named { name } } history score urgent } }',
  'query ($all: Boolean!, $brief: Boolean = true) { ticket(id: "1") { id title @skip(if: $brief) status @include(if: $all) unit @include(if: true) { code } reporter @skip(if: false) { name } related @skip(if: true) { id } } }',
  '{ ticket(id: "1") { unit { code } unit { name floor } related { id related { number } } } t2: ticket(id: "2") { id } }',
  '{ __typename count ticket(id: "1") { ... on Ticket { id ... on Ticket { number } } } }',
  '{ __schema { queryType { name } } count ticket(id: "1") { id } }',
];

const schema = buildSchema(SDL);
const operations = OPERATIONS.map((query) => operationFromDocument(schema, parse(query), { validate: true }));

/** A random answer a subgraph might send for `set`: mostly right, sometimes null, missing, mistyped or mislabelled. */
function answer(set: SelectionSet, random: () => number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const selection of set.selections()) {
    if (selection.kind === 'FragmentSelection') {
      Object.assign(out, answer(selection.selectionSet, random));
      continue;
    }
    const field = selection.element;
    if (random() < 0.05 || field.name === '__schema') continue;
    out[field.responseName()] = field.name === '__typename' ? pick(['Unit', 'Person', 'Ticket', 'Nope', 3], random) : value(field.definition.type!, selection.selectionSet, random);
  }
  return out;
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)];
}

function runtimeTypes(type: CompositeType): readonly NamedType[] {
  return isInterfaceType(type) ? type.possibleRuntimeTypes() : isUnionType(type) ? type.types() : [type];
}

function value(type: Type, set: SelectionSet | undefined, random: () => number): unknown {
  if (random() < 0.06) return null;
  if (isNonNullType(type)) return value(type.ofType, set, random);
  if (isListType(type)) {
    if (random() < 0.02) return 'not a list';
    return Array.from({ length: Math.floor(random() * 4) }, () => value(type.ofType, set, random));
  }
  if (isCompositeType(type)) {
    if (random() < 0.02) return 7;
    const typename = random() < 0.08 ? pick(['Nope', 'String', 'Status', 12], random) : pick(runtimeTypes(type), random).name;
    return { ...answer(set!, random), ...(random() < 0.7 ? { __typename: typename } : {}) };
  }
  if (random() < 0.12) return pick([1, 2.5, 'x', true, {}, 'BOGUS', Number.NaN], random);
  if (isEnumType(type)) return pick(type.values, random).name;
  switch (type.name) {
    case 'Int': return Math.floor(random() * 100);
    case 'Float': return random() * 10;
    case 'Boolean': return random() < 0.5;
    case 'ID': return random() < 0.5 ? String(Math.floor(random() * 1e6)) : Math.floor(random() * 1e6);
    default: return `s${Math.floor(random() * 1000)}`;
  }
}

function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    return state / 2 ** 32;
  };
}

const introspection = (selection: { element: { responseName(): string } }) => ({ introspected: selection.element.responseName() });

/** What a caller can see of a shaping: its JSON, its errors, or what it threw. */
function outcome(shape: () => { data: unknown; errors: { message: string; path?: readonly (string | number)[]; extensions: Record<string, unknown> }[] }): string {
  try {
    const { data, errors } = shape();
    return JSON.stringify({ data, errors: errors.map((e) => ({ message: e.message, path: e.path, code: e.extensions.code })) });
  } catch (error) {
    return `threw ${(error as Error).message}`;
  }
}

describe('compiled result shaping (issue 14: the gateway shapes answers as @apollo/gateway does)', () => {
  it('gives computeResponse\'s data, errors and exceptions for generated subgraph answers, operation by operation', () => {
    const seen = { errors: 0, threw: 0, nullRoot: 0, clean: 0 };
    const shapers = new Map<Operation, ReturnType<typeof compileShaping>>(operations.map((op) => [op, compileShaping(op)]));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: operations.length - 1 }), fc.integer(), fc.boolean(), fc.boolean(), (index, seed, all, brief) => {
        const operation = operations[index];
        const input = answer(operation.selectionSet, seeded(seed));
        const variables = index === 5 ? { all, ...(brief ? {} : { brief: false }) } : undefined;
        const expected = outcome(() => computeResponse({ operation, variables, input: structuredClone(input), introspectionHandling: introspection as never }));
        const actual = outcome(() => shapers.get(operation)!(structuredClone(input), variables, introspection as never));
        expect(actual).toBe(expected);
        if (expected.startsWith('threw')) seen.threw++;
        else if (expected.startsWith('{"data":null')) seen.nullRoot++;
        else if (expected.includes('"errors":[]')) seen.clean++;
        else seen.errors++;
      }),
      { numRuns: 3000, seed: 14 },
    );
    // The generated answers reach every way a shaping can end, so the comparison covers each.
    expect(seen.errors).toBeGreaterThan(100);
    expect(seen.threw).toBeGreaterThan(20);
    expect(seen.nullRoot).toBeGreaterThan(20);
    expect(seen.clean).toBeGreaterThan(100);
  });

  it('an answer that is absent stays absent, as computeResponse leaves it', () => {
    const shape = compileShaping(operations[0]);
    expect(shape(undefined, undefined, introspection as never)).toEqual({ data: undefined, errors: [] });
    expect(shape(null, undefined, introspection as never)).toEqual({ data: null, errors: [] });
  });

  it('a missing variable of @include fails as computeResponse does', () => {
    const op = operations[5];
    const expected = outcome(() => computeResponse({ operation: op, variables: {}, input: { ticket: { id: '1' } }, introspectionHandling: introspection as never }));
    expect(expected).toMatch(/^threw Unexpected value undefined for variable \$all/);
    expect(outcome(() => compileShaping(op)({ ticket: { id: '1' } }, {}, introspection as never))).toBe(expected);
  });

  it('keeps the order of the fields the caller asked for, not the order the subgraph sent', () => {
    const data = compileShaping(operations[0])({ tickets: { total: 1, edges: [{ node: { createdAt: 'x', status: 'OPEN', title: 't', number: 1, id: '1' } }] } }, undefined, introspection as never).data;
    expect(JSON.stringify(data)).toBe('{"tickets":{"edges":[{"node":{"id":"1","number":1,"title":"t","status":"OPEN","createdAt":"x"}}],"total":1}}');
    expect(isObjectType(schema.type('Ticket')!)).toBe(true);
  });
});
