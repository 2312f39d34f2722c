import { ArrayMinSize, IsNotEmpty, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { DateScalar } from '@pm/graphql';
import { Field, ID, InputType } from 'type-graphql';

import { SurveyCategory } from './survey.enums';

@InputType()
export class CreateSurveyInput {
  @Field(() => ID)
  @IsUUID()
  propertyId: string;

  @Field()
  @IsNotEmpty({ message: 'title must not be empty' })
  @MaxLength(200)
  title: string;

  @Field(() => DateScalar)
  opensOn: string;

  @Field(() => DateScalar)
  closesOn: string;

  @Field(() => [SurveyCategory], { nullable: true, description: 'Default: all eight categories of the management plan' })
  @IsOptional()
  @ArrayMinSize(1, { message: 'categories must list at least one category' })
  categories?: SurveyCategory[];
}
