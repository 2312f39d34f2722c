import { Field, Float, Int, ObjectType } from 'type-graphql';

import { SurveyCategory } from './survey.enums';

@ObjectType('CategoryResult', { description: "One category's answers and satisfaction against the target" })
export class CategoryResultView {
  @Field(() => SurveyCategory) category: SurveyCategory;
  @Field(() => Int) satisfied: number;
  @Field(() => Int) fairlySatisfied: number;
  @Field(() => Int) dissatisfied: number;
  @Field(() => Int) answers: number;
  @Field(() => Float, { nullable: true, description: '(SATISFIED + FAIRLY_SATISFIED) / answers; null without answers' }) satisfactionRate: number | null;
  @Field(() => Float) target: number;
  @Field(() => Boolean, { nullable: true }) met: boolean | null;
}

@ObjectType('SurveyComment', { description: 'A comment as written, and how many wrote it' })
export class SurveyComment {
  @Field() comment: string;
  @Field(() => SurveyCategory) category: string;
  @Field(() => Int) count: number;
}
