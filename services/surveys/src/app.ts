import { type Clock, systemClock } from '@pm/calendar';
import { type Logger } from '@pm/runtime';
import { type RunningService, type ServiceDefinition, type ServiceRuntime, startService } from '@pm/subgraph';

import { type SurveysEnvironment } from './environment';
import { migrations } from './migrations';
import { type SurveysSettings, surveysSettings } from './settings';
import { surveysSchema } from './schema';
import { callbackRecordedHandler } from './satisfaction/callback-recorded.handler';
import { CallbackTally } from './satisfaction/callback-tally.entity';
import { Survey } from './survey/survey.entity';

export const surveysService: ServiceDefinition<SurveysSettings> = {
  name: 'surveys',
  schema: surveysSchema,
  entities: [Survey, CallbackTally],
  migrations,
  consumes: [callbackRecordedHandler],
};

/** Starts the surveys subgraph with its database; `close()` stops everything it started. */
export function startSurveys(env: SurveysEnvironment, logger?: Logger, options: { clock?: Clock } = {}): Promise<RunningService> {
  const runtime: ServiceRuntime<SurveysSettings> = { clock: options.clock ?? systemClock, settings: surveysSettings(env) };
  return startService(surveysService, env, logger, undefined, runtime);
}
