import { ArrayMaxSize, ArrayMinSize, IsNotEmpty, IsOptional, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { DateScalar } from '@pm/graphql';
import { Field, ID, InputType } from 'type-graphql';

import { Satisfaction, SurveyCategory } from './survey.enums';

@InputType()
export class CreateSurveyInput {
  @Field(() => ID)
  @IsUUID()
  propertyId: string;

  @Field()
  @IsNotEmpty({ message: 'title must not be empty' })
  @MaxLength(200)
  title: string;

  @Field(() => DateScalar, { nullable: true, description: 'Default: the next semiannual window (15–30 January or 1–15 July)' })
  opensOn?: string;

  @Field(() => DateScalar, { nullable: true })
  closesOn?: string;

  @Field(() => [SurveyCategory], { nullable: true, description: 'Default: all eight categories of the management plan' })
  @IsOptional()
  @ArrayMinSize(1, { message: 'categories must list at least one category' })
  categories?: SurveyCategory[];
}

@InputType()
export class SurveyAnswerInput {
  @Field(() => SurveyCategory)
  category: SurveyCategory;

  @Field(() => Satisfaction)
  rating: Satisfaction;

  @Field(() => String, { nullable: true })
  @IsOptional()
  comment?: string;
}

@InputType()
export class SurveyResponseInput {
  @Field(() => ID)
  @IsUUID()
  surveyId: string;

  @Field(() => ID)
  @IsUUID()
  unitId: string;

  @Field(() => [SurveyAnswerInput])
  @ArrayMinSize(1, { message: 'answers must rate at least one category' })
  @ArrayMaxSize(20)
  @ValidateNested()
  answers: SurveyAnswerInput[];
}
