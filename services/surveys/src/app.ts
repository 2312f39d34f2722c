import { type Clock, systemClock } from '@pm/calendar';
import { type Logger } from '@pm/runtime';
import { type RunningService, type ServiceDefinition, type ServiceRuntime, startService } from '@pm/subgraph';
import { PropertyTargets, propertyTargetsHandler } from './satisfaction/property-targets';

import { type SurveysEnvironment } from './environment';
import { migrations } from './migrations';
import { callbackRecordedHandler } from './satisfaction/callback-recorded.handler';
import { CallbackTally } from './satisfaction/callback-tally.entity';
import { surveysSchema } from './schema';
import { type SurveysSettings, surveysSettings } from './settings';
import { Rectification, Survey, SurveyAnswer, SurveyDistribution, SurveyResponse } from './survey/survey.entity';
import { ticketOpenedHandler, ticketStatusChangedHandler } from './survey/ticket-links.handlers';
import { ResidentDirectoryEntry, UnitDirectoryEntry } from './units/directory.entity';
import { occupancyChangedHandler, residentMovedOutHandler, residentRegisteredHandler, unitAddedHandler } from './units/directory.handlers';
import { Visit } from './visits/visit.entity';

export const surveysService: ServiceDefinition<SurveysSettings> = {
  name: 'surveys',
  schema: surveysSchema,
  entities: [Survey, SurveyDistribution, SurveyResponse, SurveyAnswer, Rectification, Visit, CallbackTally, UnitDirectoryEntry, ResidentDirectoryEntry, PropertyTargets],
  migrations,
  consumes: [propertyTargetsHandler, callbackRecordedHandler, unitAddedHandler, occupancyChangedHandler, residentRegisteredHandler, residentMovedOutHandler, ticketOpenedHandler, ticketStatusChangedHandler],
};

/** Starts the surveys subgraph with its database; `close()` stops everything it started. */
export function startSurveys(env: SurveysEnvironment, logger?: Logger, options: { clock?: Clock } = {}): Promise<RunningService> {
  const runtime: ServiceRuntime<SurveysSettings> = { clock: options.clock ?? systemClock, settings: surveysSettings(env) };
  return startService(surveysService, env, logger, undefined, runtime);
}
