import 'reflect-metadata';

import { parse } from 'graphql';
import { Arg, Args, ArgsType, Field, InputType, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { IsIn, Max, Min, ValidateNested } from 'class-validator';

import { fastConversion, originalConversion } from './arguments';
import { compiledExecution } from './executor';
import { buildFederatedSchema } from './schema';

@InputType('SpecRange')
class Range {
  @Field(() => Int)
  @Min(0)
  from!: number;

  @Field(() => Int, { nullable: true })
  to?: number;
}

@InputType('SpecBaseFilter')
class BaseFilter {
  @Field(() => [String], { nullable: true })
  tags?: string[];

  @Field(() => String, { nullable: true })
  kind?: string;
}

/** Inherits fields, nests an input, a list of them and itself; overrides a superclass field. */
@InputType('SpecFilter')
class Filter extends BaseFilter {
  @Field(() => String, { nullable: true })
  @IsIn(['A', 'B'])
  declare kind?: string;

  @Field(() => Range, { nullable: true })
  @ValidateNested()
  range?: Range;

  @Field(() => [Range], { nullable: true })
  ranges?: Range[];

  @Field(() => Filter, { nullable: true })
  not?: Filter;
}

@ArgsType()
class BasePage {
  @Field(() => Int)
  @Max(100)
  first = 20;
}

@ArgsType()
class SearchArgs extends BasePage {
  @Field(() => String, { nullable: true })
  after?: string;
}

@ObjectType('SpecSeen')
class Seen {
  @Field()
  json!: string;
}

@Resolver()
class SearchResolver {
  @Query(() => Seen)
  search(@Arg('filter', () => Filter, { nullable: true }) filter: Filter | undefined, @Args() page: SearchArgs): Seen {
    const describe = (value: unknown): unknown => (value && typeof value === 'object'
      ? Array.isArray(value) ? value.map(describe) : { class: value.constructor.name, ...Object.fromEntries(Object.entries(value).map(([k, v]) => [k, describe(v)])) }
      : value);
    return { json: JSON.stringify({ filter: describe(filter), page: describe(page) }) };
  }
}

const filterMetadata = { name: 'filter', getType: () => Filter };
const argsMetadata = { getType: () => SearchArgs };

describe("type-graphql's arguments made cheap", () => {
  let run: (query: string) => Promise<{ data?: unknown; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }>;

  beforeAll(async () => {
    const { schema } = await buildFederatedSchema({ resolvers: [SearchResolver], references: {} });
    const { executor } = await compiledExecution(schema).load({ apollo: {} as never });
    let n = 0;
    run = async (query) => {
      const document = parse(query);
      return (await executor!({ document, queryHash: `q${++n}`, operationName: null, request: { variables: {} }, operation: document.definitions[0], context: {} } as never)) as never;
    };
  });

  // type-graphql fills its classes' field lists when a schema is built.
  const values = [
    undefined,
    null,
    {},
    { kind: 'A', tags: ['x', 'y'] },
    { range: { from: 1, to: null }, ranges: [{ from: 2 }, { from: 3, to: 4 }], not: { kind: 'B', not: { tags: [] }, ranges: null } },
  ];

  it.each(values)('converts %j as type-graphql does', (filter) => {
    const args = { filter, first: 5, after: 'c' };
    const ours = fastConversion.convertArgToInstance(filterMetadata, args);
    const theirs = originalConversion.convertArgToInstance(filterMetadata, args);
    expect(ours).toEqual(theirs);
    expect(ours?.constructor).toBe(theirs?.constructor);
    if (filter?.range) {
      expect((ours as Filter).range).toBeInstanceOf(Range);
      expect((ours as Filter).ranges![1]).toBeInstanceOf(Range);
      expect((ours as Filter).not!.not).toBeInstanceOf(Filter);
    }
    const page = fastConversion.convertArgsToInstance(argsMetadata, args);
    expect(page).toEqual(originalConversion.convertArgsToInstance(argsMetadata, args));
    expect(page).toBeInstanceOf(SearchArgs);
  });

  describe('through a schema', () => {
    it('hands the resolver instances, synchronously validated', async () => {
      const result = await run('{ search(filter: { kind: "A", range: { from: 1 }, not: { tags: ["t"] } }, first: 3) { json } }');
      expect(result.errors).toBeUndefined();
      expect(JSON.parse((result.data as { search: Seen }).search.json)).toEqual({
        filter: { class: 'Filter', kind: 'A', range: { class: 'Range', from: 1 }, not: { class: 'Filter', tags: ['t'] } },
        page: { class: 'SearchArgs', first: 3 },
      });
    });

    it.each([
      ['a nested input', '{ search(filter: { range: { from: -1 } }) { json } }', 'from'],
      ['an overridden field', '{ search(filter: { kind: "C" }) { json } }', 'kind'],
      ['an inherited argument', '{ search(first: 101) { json } }', 'first'],
    ])('refuses %s as type-graphql did', async (_what, query, field) => {
      const result = await run(query);
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.[0].message).toBe('Argument Validation Error');
      expect(JSON.stringify(result.errors?.[0])).toContain(field);
    });
  });
});
