import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A unit owned by the residents subgraph; this subgraph adds `parkingLeases` to it. */
@ObjectType('Unit')
@Directive('@key(fields: "id")')
export class UnitRef {
  @Field(() => ID)
  id: string;
}

/** A resident owned by the residents subgraph (the lease holder). */
@ObjectType('Resident')
@Directive('@key(fields: "id", resolvable: false)')
export class ResidentRef {
  @Field(() => ID)
  id: string;
}
