import { PageArgs } from '@pm/graphql';
import { IsInt, IsNotEmpty, IsOptional, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';

import { Admission } from './visitor.entity';

@InputType()
export class VisitorInput {
  @Field(() => ID, { nullable: true, description: 'The unit visited; leave out for visitors of the property itself (officials, tour groups), with propertyId and approvedBy' })
  @IsOptional()
  @IsUUID()
  hostUnitId?: string;

  @Field(() => ID, { nullable: true, description: 'Visitors without a host unit: the property visited' })
  @IsOptional()
  @IsUUID()
  propertyId?: string;

  @Field(() => String, { nullable: true, description: 'Visitors without a host unit: the duty manager (值班经理) who approved them' })
  @IsOptional()
  @MaxLength(100)
  approvedBy?: string;

  @Field()
  @IsNotEmpty({ message: 'visitorName must not be empty' })
  @MaxLength(100)
  visitorName: string;

  @Field(() => Int, { defaultValue: 1 })
  @IsInt()
  @Min(1)
  @Max(100)
  visitors: number;

  @Field()
  @IsNotEmpty({ message: 'purpose must say why they visit' })
  @MaxLength(200)
  purpose: string;

  @Field(() => Admission)
  admission: Admission;
}

@ArgsType()
export class VisitorsArgs extends PageArgs {
  @Field(() => ID)
  propertyId: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  hostUnitId?: string;

  @Field(() => Date, { nullable: true })
  from?: Date;

  @Field(() => Date, { nullable: true })
  to?: Date;
}
