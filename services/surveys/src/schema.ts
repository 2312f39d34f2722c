import { findForRead } from '@pm/db';
import { guardOf } from '@pm/identity';
import { inIdOrder, type SubgraphSchemaOptions } from '@pm/subgraph';

import { SatisfactionResolver, SurveySatisfactionResolver } from './satisfaction/satisfaction.resolver';
import { Survey, type SurveyResponse } from './survey/survey.entity';
import { RectificationResolver, SurveyResolver, SurveyResponseResolver } from './survey/survey.resolver';
import { type Visit } from './visits/visit.entity';
import { VisitResolver } from './visits/visit.resolver';

/** The surveys subgraph: owner surveys, visits and service satisfaction. */
export const surveysSchema: SubgraphSchemaOptions = {
  resolvers: [SurveyResolver, SurveyResponseResolver, RectificationResolver, VisitResolver, SatisfactionResolver, SurveySatisfactionResolver],
  references: {
    Survey: async (ids, ctx) => inIdOrder(ids, await findForRead(ctx.em, Survey, { id: { $in: [...ids] } })),
  },
  guards: {
    Survey: guardOf('Survey', (survey: Survey) => ({ propertyId: survey.propertyId })),
    SurveyResponse: guardOf('SurveyResponse', (response: SurveyResponse) => ({ propertyId: response.propertyId, unitId: response.unitId })),
    Visit: guardOf('Visit', (visit: Visit) => ({ propertyId: visit.propertyId, unitId: visit.unitId, residentId: visit.residentId })),
  },
  uniqueConstraints: {
    survey_response_survey_unit_unique: { reason: 'ALREADY_ANSWERED', message: 'This unit has already answered this survey' },
  },
};
