import 'reflect-metadata';

import { type GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { Entity, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { type GraphQLObjectType, parse } from 'graphql';
import { Field, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';

import { compiledExecution } from './executor';
import { buildFederatedSchema, readColumn } from './schema';

@Entity({ tableName: 'spec_meter' })
@ObjectType('Meter')
class Meter {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property()
  @Field()
  reading!: number;

  /** A column with a field resolver of its own. */
  @Property()
  @Field()
  unit!: string;

  /** Not a column: computed by a getter. */
  @Field()
  get label(): string {
    return `${this.reading}`;
  }
}

/** Not an entity: its `total` is counted only when asked, a promise. */
@ObjectType('MeterPage')
class MeterPage {
  @Field(() => [Meter])
  nodes!: Meter[];

  @Field()
  total!: number;
}

const meters = [Object.assign(new Meter(), { id: 'm1', reading: 7, unit: 'm3' }), Object.assign(new Meter(), { id: 'm2', reading: 9, unit: 'kwh' })];

@Resolver(() => Meter)
class MeterResolver {
  @Query(() => MeterPage)
  meters(): MeterPage {
    return { nodes: meters, get total() {
      return Promise.resolve(meters.length) as unknown as number;
    } };
  }

  @FieldResolver(() => String)
  unit(@Root() meter: Meter): string {
    return meter.unit.toUpperCase();
  }
}

describe('fields read from a column', () => {
  it('are the plain leaves of entities; getters, field resolvers and fields of other types keep a resolver; answers are the same', async () => {
    const { schema } = await buildFederatedSchema({ resolvers: [MeterResolver], references: {} });
    const fields = (type: string) => (schema.getType(type) as GraphQLObjectType).getFields();
    expect(fields('Meter').reading.resolve).toBe(readColumn);
    expect(fields('Meter').id.resolve).toBe(readColumn);
    expect(fields('Meter').label.resolve).not.toBe(readColumn);
    expect(fields('Meter').unit.resolve).not.toBe(readColumn);
    expect(fields('MeterPage').total.resolve).not.toBe(readColumn);

    const gateway = compiledExecution(schema);
    const { executor } = await gateway.load({ apollo: {} } as never);
    // graphql-jit reads the columns bare and still waits for the page's promised total.
    expect(fields('Meter').reading.resolve).toBeUndefined();
    expect(fields('MeterPage').total.resolve).toBeDefined();
    const document = parse('{ meters { total nodes { id reading unit label } } }');
    const request = { document, operation: document.definitions[0], operationName: null, queryHash: 'meters', request: { variables: {} }, context: {} } as unknown as GatewayGraphQLRequestContext;
    expect(await executor!(request)).toEqual({ data: { meters: { total: 2, nodes: [{ id: 'm1', reading: 7, unit: 'M3', label: '7' }, { id: 'm2', reading: 9, unit: 'KWH', label: '9' }] } } });
  });
});
