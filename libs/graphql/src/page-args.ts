import { ArgsType, Field, Int } from 'type-graphql';

/** `first` / `after` of a Relay connection field; extend it with the list's own filters. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 50 })
  first: number;

  @Field(() => String, { nullable: true })
  after?: string;
}
