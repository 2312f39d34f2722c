import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A unit owned by the residents subgraph (answered, visited). */
@ObjectType('Unit')
@Directive('@key(fields: "id", resolvable: false)')
export class UnitRef {
  @Field(() => ID)
  id: string;
}

/** A resident owned by the residents subgraph (visited). */
@ObjectType('Resident')
@Directive('@key(fields: "id", resolvable: false)')
export class ResidentRef {
  @Field(() => ID)
  id: string;
}

/** A ticket owned by the tickets subgraph (a rectification's, a visit's follow-up). */
@ObjectType('Ticket')
@Directive('@key(fields: "id", resolvable: false)')
export class TicketRef {
  @Field(() => ID)
  id: string;
}
