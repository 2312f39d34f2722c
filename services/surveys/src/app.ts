import { Events } from '@pm/events';
import { type Logger } from '@pm/runtime';
import { type RunningService, type ServiceDefinition, startService } from '@pm/subgraph';

import { type SurveysEnvironment } from './environment';
import { migrations } from './migrations';
import { surveysSchema } from './schema';
import { callbackRecordedHandler } from './satisfaction/callback-recorded.handler';
import { CallbackTally } from './satisfaction/callback-tally.entity';
import { satisfactionTargets, targetsOf } from './satisfaction/satisfaction.resolver';
import { Survey } from './survey/survey.entity';

export const surveysService: ServiceDefinition = {
  name: 'surveys',
  schema: surveysSchema,
  entities: [Survey, CallbackTally],
  migrations,
  consumes: { [Events.ticketCallbackRecorded.type]: callbackRecordedHandler },
};

/** Starts the surveys subgraph with its database; `close()` stops everything it started. */
export function startSurveys(env: SurveysEnvironment, logger?: Logger): Promise<RunningService> {
  Object.assign(satisfactionTargets, targetsOf(env));
  return startService(surveysService, env, logger);
}
