import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A unit owned by the residents subgraph; this subgraph adds `tickets` to it. */
@ObjectType('Unit')
@Directive('@key(fields: "id")')
export class UnitRef {
  @Field(() => ID)
  id: string;
}

/** A resident owned by the residents subgraph; this subgraph adds `tickets` to it. */
@ObjectType('Resident')
@Directive('@key(fields: "id")')
export class ResidentRef {
  @Field(() => ID)
  id: string;
}
