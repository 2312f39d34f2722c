import { buildSchema, type FragmentDefinitionNode, Kind, type OperationDefinitionNode, parse } from 'graphql';

import { measureOnce, measureOperation, rootFieldCount } from './limits';

const schema = buildSchema(`
  type Query { unit(id: ID!): Unit tickets(first: Int = 50): TicketConnection! ticketSummary(propertyId: ID!): Summary! }
  type Summary { total: Int! }
  type Mutation { startTicket(id: ID!): Ticket! }
  type Unit { code: String! building: Building! }
  type Building { units: [Unit!]! name: String! }
  type TicketConnection { edges: [TicketEdge!]! totalCount: Int! }
  type TicketEdge { node: Ticket! }
  type Ticket { number: String! unit: Unit }
`);

function parts(query: string) {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  return { operation, fragments };
}

function measure(query: string, variables = {}) {
  const { operation, fragments } = parts(query);
  return measureOperation(schema, operation, fragments, variables);
}

describe('query limits', () => {
  it('counts depth through fragments', () => {
    expect(measure('{ unit(id: 1) { code } }').depth).toBe(2);
    expect(measure('{ unit(id: 1) { ...U } } fragment U on Unit { building { units { building { name } } } }').depth).toBe(5);
  });

  it('multiplies cost by page sizes, from arguments or their defaults', () => {
    const small = measure('query($n: Int) { tickets(first: $n) { edges { node { number unit { code } } } } }', { n: 2 });
    const large = measure('{ tickets { edges { node { number unit { code } } } } }');
    expect(small.cost).toBe(1 + 2 * (1 + 1 + 1 + 1 + 1));
    expect(large.cost).toBe(1 + 50 * 5);
  });

  it('counts every alias, and a report at its weight (issue 9: 500 aliased summaries cost 1,000)', () => {
    const aliases = Array.from({ length: 500 }, (_, i) => `s${i}: ticketSummary(propertyId: 1) { total }`).join(' ');
    expect(measure(`{ ${aliases} }`).cost).toBe(500 * (500 + 1));
  });

  it('counts the writes of a mutation through aliases and fragments', () => {
    const { operation, fragments } = parts('mutation { a: startTicket(id: 1) { number } b: startTicket(id: 2) { number } ...W } fragment W on Mutation { c: startTicket(id: 3) { number } }');
    expect(rootFieldCount(operation, fragments)).toBe(3);
  });

  it('measures an operation once per value of the variables its page sizes read (issue 14), as measuring it again would', () => {
    const { operation, fragments } = parts('query($n: Int, $m: Int, $u: ID!) { tickets(first: $n) { edges { node { number } } } unit(id: $u) { ...B } } fragment B on Unit { building { units { code } } }');
    const cases = [{ n: 5, u: '1' }, { n: 5, u: '2' }, { n: 50, u: '1' }, { u: '1' }, { n: 5, m: 7, u: '3' }];
    const measures = cases.map((variables) => measureOnce(schema, operation, fragments, variables));
    expect(measures).toEqual(cases.map((variables) => measureOperation(schema, operation, fragments, variables)));
    // Other values of variables that size nothing are the same measure, kept.
    expect(measures[1]).toBe(measures[0]);
    expect(measures[4]).toBe(measures[0]);
    expect(measures[2]).not.toEqual(measures[0]);
  });
});
