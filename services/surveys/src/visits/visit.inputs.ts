import { IsNotEmpty, IsOptional, IsUUID } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

import { VisitMethod } from './visit.entity';

@InputType()
export class VisitInput {
  @Field(() => ID)
  @IsUUID()
  unitId: string;

  @Field(() => ID, { nullable: true, description: 'Who was met, when it was a registered resident' })
  @IsOptional()
  @IsUUID()
  residentId?: string;

  @Field(() => VisitMethod)
  method: VisitMethod;

  @Field()
  @IsNotEmpty({ message: 'topics must not be empty' })
  topics: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  feedback?: string;

  @Field({ defaultValue: false, description: 'The resident signed the record (never forced)' })
  residentSigned: boolean;

  @Field({ defaultValue: false, description: 'The feedback needs action: opens a ticket' })
  needsAction: boolean;

  @Field(() => Date, { nullable: true, description: 'When it took place, for a visit entered from the paper log afterwards (default now; at most 62 days back)' })
  visitedAt?: Date;
}
