import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { newId } from '@pm/db';
import { DateScalar, Department } from '@pm/graphql';
import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';

import { RectificationStatus, ResponseChannel, Satisfaction, SurveyCategory, SurveyStatus } from './survey.enums';

/** An owner satisfaction survey (业主意见调查) of one property. */
@Entity({ tableName: 'survey' })
@Index({ properties: ['propertyId', 'opensOn', 'id'] })
@ObjectType('Survey')
@Directive('@key(fields: "id")')
export class Survey {
  [OptionalProps]?: 'status' | 'distributedCount' | 'occupiedAtDistribution' | 'distributedAt' | 'closedAt' | 'publishedAt';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @Property({ type: 'uuid' })
  propertyId: string;

  @Property()
  @Field()
  title: string;

  @Property({ type: 'date' })
  @Field(() => DateScalar)
  opensOn: string;

  @Property({ type: 'date' })
  @Field(() => DateScalar)
  closesOn: string;

  @Enum({ items: () => SurveyStatus, nativeEnumName: 'survey_status' })
  @Field(() => SurveyStatus)
  status: SurveyStatus = SurveyStatus.DRAFT;

  @Enum({ items: () => SurveyCategory, array: true, nativeEnumName: 'survey_category' })
  @Field(() => [SurveyCategory])
  categories: SurveyCategory[];

  /** Units it was handed to (a count kept with the distribution rows). */
  @Property({ default: 0 })
  distributedCount: number = 0;

  /** Occupied units of the property when it was distributed: the distribution rate's base. */
  @Property({ default: 0 })
  @Field(() => Int, { description: 'Occupied units when it was distributed' })
  occupiedAtDistribution: number = 0;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true })
  distributedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true })
  closedAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true })
  publishedAt: Date | null = null;

  @Property()
  createdBy: string;

  @Property({ type: 'timestamptz' })
  /** From the service's clock. */
  createdAt: Date;
}

/** A unit the survey was handed to. */
@Entity({ tableName: 'survey_distribution' })
export class SurveyDistribution {
  @PrimaryKey({ type: 'uuid' })
  surveyId: string;

  @PrimaryKey({ type: 'uuid' })
  unitId: string;
}

/** One unit's answers to a survey (once per unit). */
@Entity({ tableName: 'survey_response' })
@Unique({ name: 'survey_response_survey_unit_unique', properties: ['surveyId', 'unitId'] })
@ObjectType('SurveyResponse')
export class SurveyResponse {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @Property({ type: 'uuid' })
  surveyId: string;

  @Property({ type: 'uuid' })
  unitId: string;

  @Property({ type: 'uuid' })
  propertyId: string;

  @Enum({ items: () => ResponseChannel, nativeEnumName: 'survey_response_channel' })
  @Field(() => ResponseChannel)
  channel: ResponseChannel;

  @Property()
  @Field({ description: 'Who entered it (staff for a paper form, or the resident)' })
  submittedBy: string;

  @Property({ type: 'timestamptz' })
  @Field(() => Date)
  submittedAt: Date;
}

/** One category's answer of a response. */
@Entity({ tableName: 'survey_answer' })
@Index({ properties: ['surveyId', 'category', 'rating'] })
@ObjectType('SurveyAnswer')
export class SurveyAnswer {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid', index: true })
  responseId: string;

  @Property({ type: 'uuid' })
  surveyId: string;

  @Enum({ items: () => SurveyCategory, nativeEnumName: 'survey_category' })
  @Field(() => SurveyCategory)
  category: SurveyCategory;

  @Enum({ items: () => Object.values(Satisfaction), nativeEnumName: 'survey_rating' })
  @Field(() => Satisfaction)
  rating: Satisfaction;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  comment: string | null;
}

/** 整改: a category below target after a survey, with the department answering for it and its ticket. */
@Entity({ tableName: 'rectification' })
@ObjectType('Rectification')
export class Rectification {
  [OptionalProps]?: 'status' | 'ticketId';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id: string = newId();

  @Property({ type: 'uuid', index: true })
  surveyId: string;

  @Property({ type: 'uuid' })
  propertyId: string;

  @Enum({ items: () => SurveyCategory, nativeEnumName: 'survey_category' })
  @Field(() => SurveyCategory)
  category: SurveyCategory;

  @Enum({ items: () => Department, nativeEnumName: 'department' })
  @Field(() => Department)
  department: Department;

  @Property({ type: 'double' })
  @Field(() => Float, { description: 'The satisfaction that fell short' })
  satisfactionRate: number;

  @Property({ type: 'text' })
  @Field({ description: 'The corrective action (纠正措施)' })
  action: string;

  @Property({ type: 'date' })
  @Field(() => DateScalar)
  dueOn: string;

  @Enum({ items: () => RectificationStatus, nativeEnumName: 'rectification_status' })
  @Field(() => RectificationStatus, { description: 'Follows its ticket' })
  status: RectificationStatus = RectificationStatus.OPEN;

  /** The RECTIFICATION ticket tickets opened for it (learnt from its event). */
  @Property({ type: 'uuid', nullable: true, index: true })
  ticketId: string | null = null;
}
