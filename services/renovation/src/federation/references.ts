import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A unit owned by the residents subgraph; this subgraph adds `renovations` to it. */
@ObjectType('Unit')
@Directive('@key(fields: "id")')
export class UnitRef {
  @Field(() => ID)
  id: string;
}

/** A resident owned by the residents subgraph (the applicant). */
@ObjectType('Resident')
@Directive('@key(fields: "id", resolvable: false)')
export class ResidentRef {
  @Field(() => ID)
  id: string;
}
