import 'reflect-metadata';

import { Entity, MikroORM, PostgreSqlDriver, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { guardOf } from '@pm/identity';
import { graphql, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { buildSchema, Field, FieldResolver, ID, Info, ObjectType, Query, Resolver, Root } from 'type-graphql';

import { applyGuards } from './guards';
import { pageColumns } from './projection';

@Entity({ tableName: 'spec_ticket' })
@ObjectType('Ticket')
class SpecTicket {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property()
  @Field()
  title!: string;

  @Property({ type: 'uuid' })
  propertyId!: string;

  @Property({ type: 'uuid', nullable: true })
  unitId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  reporterId?: string | null;

  /** Exposed under another name. */
  @Property()
  @Field({ name: 'openedAt' })
  createdAt!: Date;

  /** A column with a field resolver of the same name that reads another column. */
  @Property()
  @Field()
  status!: string;

  @Property({ nullable: true })
  note?: string | null;
}

@ObjectType('TicketEdge')
class SpecEdge {
  @Field(() => SpecTicket)
  node!: SpecTicket;

  @Field()
  cursor!: string;
}

@ObjectType('TicketConnection')
class SpecConnection {
  @Field(() => [SpecEdge])
  edges!: SpecEdge[];

  @Field(() => [SpecTicket])
  nodes!: SpecTicket[];
}

let orm: MikroORM;
const seen: (string[] | undefined)[] = [];

@Resolver(() => SpecTicket)
class SpecResolver {
  @Query(() => SpecConnection)
  tickets(@Info() info: GraphQLResolveInfo): SpecConnection {
    seen.push(pageColumns(info, orm.em, SpecTicket, { unit: ['unitId'] })?.sort());
    return { edges: [], nodes: [] };
  }

  @FieldResolver(() => String, { nullable: true })
  unit(@Root() ticket: SpecTicket): string | null {
    return ticket.unitId ?? null;
  }

  @FieldResolver(() => String)
  status(@Root() ticket: SpecTicket): string {
    return ticket.note ? `${ticket.status} (${ticket.note})` : ticket.status;
  }

  @FieldResolver(() => String, { nullable: true })
  summary(@Root() ticket: SpecTicket): string | null {
    return ticket.note ?? null;
  }
}

describe('pageColumns: the columns a page reads for what its nodes select', () => {
  let schema: GraphQLSchema;

  beforeAll(async () => {
    orm = await MikroORM.init({ driver: PostgreSqlDriver, dbName: 'pm_spec_projection', entities: [SpecTicket], connect: false, debug: false });
    schema = await buildSchema({ resolvers: [SpecResolver], validate: false });
    applyGuards(schema, { Ticket: guardOf('Ticket', (t: SpecTicket) => ({ propertyId: t.propertyId, unitId: t.unitId, residentId: t.reporterId })) });
  });
  afterAll(() => orm?.close());

  const columnsFor = async (query: string) => {
    seen.length = 0;
    const result = await graphql({ schema, source: query, contextValue: { identity: { kind: 'staff', sub: 's', name: 's', roles: ['FRONT_DESK'], propertyIds: ['*'] } } });
    expect(result.errors).toBeUndefined();
    return seen[0];
  };
  const GUARD = ['propertyId', 'reporterId', 'unitId'];

  it('selected columns (by property, not field name), what declared computed fields read, and what the guard reads', async () => {
    expect(await columnsFor('{ tickets { edges { cursor node { id title openedAt __typename } } } }')).toEqual(['createdAt', 'id', 'title', ...GUARD].sort());
    expect(await columnsFor('{ tickets { nodes { title unit } } }')).toEqual(['title', ...GUARD].sort());
  });

  it('through fragments and inline fragments, edges and nodes together', async () => {
    expect(await columnsFor('{ tickets { ...page nodes { id } } } fragment page on TicketConnection { edges { node { ... on Ticket { openedAt } } } }'))
      .toEqual(['createdAt', 'id', ...GUARD].sort());
  });

  it('whole rows when a selected field is computed and its reads are not declared, even one named like a column', async () => {
    expect(await columnsFor('{ tickets { edges { node { id summary } } } }')).toBeUndefined();
    expect(await columnsFor('{ tickets { edges { node { id status } } } }')).toBeUndefined();
  });
});
