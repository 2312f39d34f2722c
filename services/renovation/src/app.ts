import { type Clock, systemClock } from '@pm/calendar';
import { type Logger } from '@pm/runtime';
import { type RunningService, type ServiceDefinition, startService } from '@pm/subgraph';

import { RenovationApplication } from './application/application.entity';
import { type RenovationEnvironment } from './environment';
import { migrations } from './migrations';
import { renovationSchema } from './schema';
import { residentRegisteredHandler } from './units/resident-registered.handler';
import { ResidentDirectoryEntry } from './units/resident-directory.entity';
import { unitAddedHandler } from './units/unit-added.handler';
import { UnitDirectoryEntry } from './units/unit-directory.entity';

export const renovationService: ServiceDefinition = {
  name: 'renovation',
  schema: renovationSchema,
  entities: [RenovationApplication, UnitDirectoryEntry, ResidentDirectoryEntry],
  migrations,
  consumes: [unitAddedHandler, residentRegisteredHandler],
};

/** Starts the renovation subgraph with its database; `close()` stops everything it started. */
export function startRenovation(env: RenovationEnvironment, logger?: Logger, options: { clock?: Clock } = {}): Promise<RunningService> {
  return startService(renovationService, env, logger, undefined, { clock: options.clock ?? systemClock, settings: undefined });
}
