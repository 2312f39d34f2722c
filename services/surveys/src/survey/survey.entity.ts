import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '@pm/db';
import { DateScalar } from '@pm/graphql';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

import { SurveyCategory, SurveyStatus } from './survey.enums';

/** An owner satisfaction survey (业主意见调查) of one property. */
@Entity({ tableName: 'survey' })
@Index({ properties: ['propertyId', 'opensOn', 'id'] })
@ObjectType('Survey')
@Directive('@key(fields: "id")')
export class Survey {
  [OptionalProps]?: 'status';

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

  @Property()
  createdBy: string;

  @Property({ type: 'timestamptz' })
  /** From the service's clock. */
  createdAt: Date;
}
