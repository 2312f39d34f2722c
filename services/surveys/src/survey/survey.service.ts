import { type UseCaseContext } from '@pm/subgraph';
import { AppError } from '@pm/errors';
import { Events, recordEvent } from '@pm/events';

import { Survey } from './survey.entity';
import { SurveyCategory } from './survey.enums';
import { type CreateSurveyInput } from './survey.inputs';

/** Drafts a survey; it opens for answers when distributed inside its window. */
export async function createSurvey({ em, identity, clock }: UseCaseContext, input: CreateSurveyInput): Promise<Survey> {
  if (input.closesOn < input.opensOn) throw AppError.badInput('closesOn', 'closesOn must not be before opensOn');
  const survey = em.create(Survey, {
    createdAt: clock.now(),
    propertyId: input.propertyId,
    title: input.title.trim(),
    opensOn: input.opensOn,
    closesOn: input.closesOn,
    categories: input.categories ? [...new Set(input.categories)] : Object.values(SurveyCategory),
    createdBy: identity.name,
  });
  recordEvent(em, Events.surveyCreated, { surveyId: survey.id, propertyId: survey.propertyId, opensOn: survey.opensOn, closesOn: survey.closesOn }, { aggregateId: survey.id, actor: identity.sub });
  await em.persistAndFlush(survey);
  return survey;
}
