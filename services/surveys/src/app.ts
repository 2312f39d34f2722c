import { type Logger } from '@pm/runtime';
import { type RunningService, type ServiceDefinition, startService } from '@pm/subgraph';

import { type SurveysEnvironment } from './environment';
import { migrations } from './migrations';
import { surveysSchema } from './schema';
import { Survey } from './survey/survey.entity';

export const surveysService: ServiceDefinition = {
  name: 'surveys',
  schema: surveysSchema,
  entities: [Survey],
  migrations,
};

/** Starts the surveys subgraph with its database; `close()` stops everything it started. */
export function startSurveys(env: SurveysEnvironment, logger?: Logger): Promise<RunningService> {
  return startService(surveysService, env, logger);
}
