import { buildSchema, type FragmentDefinitionNode, Kind, type OperationDefinitionNode, parse } from 'graphql';

import { measureOperation } from './limits';

const schema = buildSchema(`
  type Query { unit(id: ID!): Unit tickets(first: Int = 50): TicketConnection! }
  type Unit { code: String! building: Building! }
  type Building { units: [Unit!]! name: String! }
  type TicketConnection { edges: [TicketEdge!]! totalCount: Int! }
  type TicketEdge { node: Ticket! }
  type Ticket { number: String! unit: Unit }
`);

function measure(query: string, variables = {}) {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
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
});
