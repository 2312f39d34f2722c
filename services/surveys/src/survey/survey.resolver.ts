import { connectionOf, paginate } from '@pm/graphql';
import { canRead, requirePropertyAccess, requireRole, requireScope, Role } from '@pm/identity';
import { type SubgraphContext } from '@pm/subgraph';
import { Arg, Args, ArgsType, Ctx, Field, ID, Int, Mutation, Query, Resolver } from 'type-graphql';

import { Survey } from './survey.entity';
import { CreateSurveyInput } from './survey.inputs';
import { createSurvey } from './survey.service';

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

@Resolver(() => Survey)
export class SurveyResolver {
  @Query(() => Survey, { nullable: true })
  async survey(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Survey | null> {
    const survey = await ctx.em.findOne(Survey, id);
    if (!survey) return null;
    const visible = ctx.identity.kind === 'resident' ? ctx.identity.propertyIds.includes(survey.propertyId) : canRead(ctx.identity, survey.propertyId, 'surveys');
    return visible ? survey : null;
  }

  @Query(() => SurveyConnection, { description: "A property's surveys, newest window first" })
  surveys(@Args() args: SurveysArgs, @Ctx() ctx: SubgraphContext) {
    requireScope(ctx.identity, 'surveys:read');
    requirePropertyAccess(ctx.identity, args.propertyId);
    return paginate(ctx.em, Survey, { propertyId: args.propertyId }, args, [['opensOn', 'desc'], ['id', 'desc']]);
  }

  @Mutation(() => Survey)
  async createSurvey(@Arg('input') input: CreateSurveyInput, @Ctx() ctx: SubgraphContext): Promise<Survey> {
    requireRole(ctx.identity, [Role.SUPERVISOR], 'create surveys');
    requirePropertyAccess(ctx.identity, input.propertyId);
    return createSurvey(ctx, input);
  }
}
