import { PageArgs } from '@pm/graphql';
import { IsInt, IsNotEmpty, IsOptional, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';

import { Admission } from './visitor.entity';

@InputType()
export class VisitorInput {
  @Field(() => ID)
  @IsUUID()
  hostUnitId: string;

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
