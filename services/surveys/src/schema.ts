import { guardOf } from '@pm/identity';
import { inIdOrder, type SubgraphSchemaOptions } from '@pm/subgraph';

import { SatisfactionResolver } from './satisfaction/satisfaction.resolver';
import { Survey } from './survey/survey.entity';
import { SurveyResolver } from './survey/survey.resolver';

/** The surveys subgraph: owner surveys, visits and service satisfaction. */
export const surveysSchema: SubgraphSchemaOptions = {
  resolvers: [SurveyResolver, SatisfactionResolver],
  references: {
    Survey: async (ids, ctx) => inIdOrder(ids, await ctx.em.find(Survey, { id: { $in: [...ids] } })),
  },
  guards: {
    Survey: guardOf('Survey', (survey: Survey) => ({ propertyId: survey.propertyId })),
  },
};
