import { type ClassType, Directive, Field, Int, ObjectType } from 'type-graphql';

/** Relay page info; every subgraph declares it, so it is shareable. */
@ObjectType()
@Directive('@shareable')
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

/** The shape a resolver returns for a connection field. `totalCount` may be lazy (a getter). */
export interface ConnectionResult<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Declares `<Name>Connection` and `<Name>Edge` for a node type. */
export function connectionOf<T extends object>(node: ClassType<T>, name: string): ClassType<ConnectionResult<T>> {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor: string;

    @Field(() => node)
    node: T;
  }

  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int)
    totalCount: number;
  }
  return Connection;
}

/**
 * A connection's answer whose `totalCount` is counted only if the client selects it: a class, with
 * the getter on its prototype. Never return an object literal with `get totalCount()` (or any other
 * accessor) per request. Measured: such a literal kept its whole request (rows, forked
 * EntityManager, Apollo's request) alive through every young collection until the next full one,
 * and a subgraph's page of 20 tickets left 17 KB a request to the old generation instead of 0.6
 * (issue 14, docs/benchmarks-history.md). The likely mechanism: V8 gives each literal with fresh
 * accessor closures a hidden class of its own, made in the old generation, and those closures hold
 * the request.
 */
export class LazyCountConnection<T> implements ConnectionResult<T> {
  private counted: Promise<number> | undefined;

  constructor(
    readonly edges: { cursor: string; node: T }[],
    readonly pageInfo: PageInfo,
    private readonly count: () => Promise<number>,
  ) {}

  /** A promise (resolvers may return one) typed as the field's value. */
  get totalCount(): number {
    return (this.counted ??= this.count()) as unknown as number;
  }
}
