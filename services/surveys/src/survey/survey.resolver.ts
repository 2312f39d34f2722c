import { connectionOf, paginate } from '@pm/graphql';
import { requireReader, requireRole, Role, STAFF_ROLES } from '@pm/identity';
import { groupBy } from '@pm/subgraph';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';

import { TicketRef, UnitRef } from '../federation/references';
import { type SurveysContext } from '../settings';
import { Rectification, Survey, SurveyAnswer, SurveyResponse } from './survey.entity';
import { SurveyStatus } from './survey.enums';
import { CreateSurveyInput, SurveyResponseInput } from './survey.inputs';
import { commonComments, ratingCounts, returnedCounts } from './survey.queries';
import { type CategoryResult, categoryResults, overallRate, rate, type RatingCount } from './survey.rules';
import { closeSurvey, createSurvey, distributeSurvey, publishSurvey, submitResponse } from './survey.service';
import { CategoryResultView, SurveyComment } from './survey.types';

const SurveyConnection = connectionOf(Survey, 'Survey');

@ArgsType()
class SurveysArgs {
  @Field(() => ID)
  propertyId: string;

  @Field(() => Int, { defaultValue: 20 })
  first: number;

  @Field(() => String, { nullable: true })
  after?: string;
}

/** Residents see results once published; staff and integrators while the survey runs. */
const seesResults = (ctx: SurveysContext, survey: Survey) => ctx.identity.kind !== 'resident' || survey.status === SurveyStatus.PUBLISHED;

// Reads are checked by the access policy (READ_POLICY.Survey) wherever a survey is reached.
@Resolver(() => Survey)
export class SurveyResolver {
  @Query(() => Survey, { nullable: true })
  survey(@Arg('id', () => ID) id: string, @Ctx() ctx: SurveysContext): Promise<Survey | null> {
    return ctx.em.findOne(Survey, id);
  }

  @Query(() => SurveyConnection, { description: "A property's surveys, newest window first" })
  surveys(@Args() args: SurveysArgs, @Ctx() ctx: SurveysContext) {
    if (ctx.identity.kind !== 'resident') requireReader(ctx.identity, args.propertyId, 'surveys', [...STAFF_ROLES], 'surveys');
    return paginate(ctx.em, Survey, { propertyId: args.propertyId }, args, [['opensOn', 'desc'], ['id', 'desc']]);
  }

  @Mutation(() => Survey, { description: 'Drafts a survey (default: the next semiannual window, all eight categories)' })
  createSurvey(@Arg('input') input: CreateSurveyInput, @Ctx() ctx: SurveysContext): Promise<Survey> {
    requireRole(ctx.identity, [Role.SUPERVISOR], 'create surveys');
    requireReader(ctx.identity, input.propertyId, 'surveys', [Role.SUPERVISOR], 'this property');
    return createSurvey(ctx, input);
  }

  @Mutation(() => Survey, { description: '发放: opens the survey and hands it to the units named, by default every occupied unit' })
  distributeSurvey(@Arg('id', () => ID) id: string, @Arg('unitIds', () => [ID], { nullable: true }) unitIds: string[] | null, @Ctx() ctx: SurveysContext): Promise<Survey> {
    requireRole(ctx.identity, [Role.SUPERVISOR], 'distribute surveys');
    return distributeSurvey(ctx, id, unitIds ?? null);
  }

  @Mutation(() => SurveyResponse, { description: "A unit's answers, once, inside the window: staff entering a paper form, or the resident for their own unit (CONFLICT ALREADY_ANSWERED, SURVEY_NOT_OPEN)" })
  submitSurveyResponse(@Arg('input') input: SurveyResponseInput, @Ctx() ctx: SurveysContext): Promise<SurveyResponse> {
    if (ctx.identity.kind !== 'resident') requireRole(ctx.identity, [Role.FRONT_DESK], 'enter survey answers');
    return submitResponse(ctx, input);
  }

  @Mutation(() => Survey, { description: 'Closes it: a rectification (and a RECTIFICATION ticket) for each category below target' })
  closeSurvey(@Arg('id', () => ID) id: string, @Ctx() ctx: SurveysContext): Promise<Survey> {
    requireRole(ctx.identity, [Role.SUPERVISOR], 'close surveys');
    return closeSurvey(ctx, id);
  }

  @Mutation(() => Survey, { description: '公布: residents see the results' })
  publishSurvey(@Arg('id', () => ID) id: string, @Ctx() ctx: SurveysContext): Promise<Survey> {
    requireRole(ctx.identity, [Role.SUPERVISOR], 'publish surveys');
    return publishSurvey(ctx, id);
  }

  @FieldResolver(() => Int)
  distributedCount(@Root() survey: Survey): number {
    return survey.distributedCount;
  }

  @FieldResolver(() => Int)
  returnedCount(@Root() survey: Survey, @Ctx() ctx: SurveysContext): Promise<number> {
    return ctx.loader<string, number>('returned', async (ids) => {
      const found = await returnedCounts(ctx.em, ids);
      return ids.map((id) => found.get(id) ?? 0);
    }).load(survey.id);
  }

  @FieldResolver(() => Float, { description: 'Distributed / occupied units (target 60%)' })
  distributionRate(@Root() survey: Survey): number {
    return rate(survey.distributedCount, survey.occupiedAtDistribution);
  }

  @FieldResolver(() => Float, { description: 'Returned / distributed (target 50%)' })
  async returnRate(@Root() survey: Survey, @Ctx() ctx: SurveysContext): Promise<number> {
    return rate(await this.returnedCount(survey, ctx), survey.distributedCount);
  }

  @FieldResolver(() => Float)
  distributionTarget(@Ctx() ctx: SurveysContext): number {
    return ctx.settings.distributionTarget;
  }

  @FieldResolver(() => Float)
  returnTarget(@Ctx() ctx: SurveysContext): number {
    return ctx.settings.returnTarget;
  }

  @FieldResolver(() => [CategoryResultView], { description: 'Per category (residents: once published)' })
  async results(@Root() survey: Survey, @Ctx() ctx: SurveysContext): Promise<CategoryResult[]> {
    if (!seesResults(ctx, survey)) return [];
    const counts = await ctx.loader<string, RatingCount[]>('ratings', async (ids) => {
      const found = await ratingCounts(ctx.em, ids);
      return ids.map((id) => found.get(id) ?? []);
    }).load(survey.id);
    return categoryResults(survey.categories, counts, ctx.settings.categoryTarget);
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Every answer together; null without answers (residents: once published)' })
  async overallSatisfactionRate(@Root() survey: Survey, @Ctx() ctx: SurveysContext): Promise<number | null> {
    return overallRate(await this.results(survey, ctx));
  }

  @FieldResolver(() => [SurveyComment], { description: 'The comments written most often (residents: once published)' })
  commonComments(@Root() survey: Survey, @Arg('first', () => Int, { defaultValue: 10 }) first: number, @Ctx() ctx: SurveysContext): Promise<SurveyComment[]> {
    if (!seesResults(ctx, survey)) return Promise.resolve([]);
    const limit = Math.min(Math.max(first, 1), 50);
    return ctx.loader<string, SurveyComment[]>(`comments:${limit}`, async (ids) => {
      const found = await commonComments(ctx.em, ids, limit);
      return ids.map((id) => found.get(id) ?? []);
    }).load(survey.id);
  }

  @FieldResolver(() => [Rectification], { description: 'One per category below target, after closing' })
  rectifications(@Root() survey: Survey, @Ctx() ctx: SurveysContext): Promise<Rectification[]> {
    if (!seesResults(ctx, survey)) return Promise.resolve([]);
    return ctx.loader<string, Rectification[]>('rectifications', async (ids) => groupBy(ids, await ctx.em.find(Rectification, { surveyId: { $in: [...ids] } }, { orderBy: { category: 'asc' } }), (r) => r.surveyId)).load(survey.id);
  }
}

@Resolver(() => Rectification)
export class RectificationResolver {
  @FieldResolver(() => TicketRef, { nullable: true, description: 'The RECTIFICATION ticket (null until tickets has opened it)' })
  ticket(@Root() rectification: Rectification): TicketRef | null {
    return rectification.ticketId ? { id: rectification.ticketId } : null;
  }
}

// Reads are checked by the access policy (READ_POLICY.SurveyResponse).
@Resolver(() => SurveyResponse)
export class SurveyResponseResolver {
  @FieldResolver(() => Survey)
  survey(@Root() response: SurveyResponse, @Ctx() ctx: SurveysContext): Promise<Survey> {
    return ctx.reference('Survey').load(response.surveyId) as Promise<Survey>;
  }

  @FieldResolver(() => UnitRef)
  unit(@Root() response: SurveyResponse): UnitRef {
    return { id: response.unitId };
  }

  @FieldResolver(() => [SurveyAnswer])
  answers(@Root() response: SurveyResponse, @Ctx() ctx: SurveysContext): Promise<SurveyAnswer[]> {
    return ctx.loader<string, SurveyAnswer[]>('answers', async (ids) => groupBy(ids, await ctx.em.find(SurveyAnswer, { responseId: { $in: [...ids] } }, { orderBy: { category: 'asc' } }), (a) => a.responseId)).load(response.id);
  }
}
