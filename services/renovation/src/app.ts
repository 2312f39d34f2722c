import { type Clock, systemClock } from '@pm/calendar';
import { createLogger, type Logger } from '@pm/runtime';
import { PeriodicTask, type RunningService, type ServiceDefinition, type ServiceRuntime, startService } from '@pm/subgraph';

import { FeeSchedule, HotWorkPermit, RenovationApplication, RenovationInspection, RenovationViolation, WorkerPass } from './application/application.entity';
import { type RenovationEnvironment } from './environment';
import { migrations } from './migrations';
import { renovationSchema } from './schema';
import { type RenovationSettings, renovationSettings } from './settings';
import { occupancyChangedHandler, propertyCreatedHandler, residentMovedOutHandler, residentRegisteredHandler, unitAddedHandler } from './units/directory.handlers';
import { ResidentDirectoryEntry } from './units/resident-directory.entity';
import { PropertyDirectoryEntry, UnitDirectoryEntry } from './units/unit-directory.entity';
import { RenovationScheduler } from './works/renovation.scheduler';

export const renovationService: ServiceDefinition<RenovationSettings> = {
  name: 'renovation',
  schema: renovationSchema,
  entities: [RenovationApplication, WorkerPass, RenovationInspection, RenovationViolation, HotWorkPermit, FeeSchedule, UnitDirectoryEntry, PropertyDirectoryEntry, ResidentDirectoryEntry],
  migrations,
  consumes: [propertyCreatedHandler, unitAddedHandler, occupancyChangedHandler, residentRegisteredHandler, residentMovedOutHandler],
};

/** Starts the renovation subgraph with its database and its scheduler; `close()` stops everything it started. */
export function startRenovation(env: RenovationEnvironment, logger?: Logger, options: { clock?: Clock } = {}): Promise<RunningService> {
  const log = logger ?? createLogger('renovation', env.LOG_LEVEL);
  const runtime: ServiceRuntime<RenovationSettings> = { clock: options.clock ?? systemClock, settings: renovationSettings(env) };
  return startService(renovationService, env, log, async (orm) => {
    const scheduler = new RenovationScheduler(orm, runtime);
    const task = new PeriodicTask('renovation scan', () => scheduler.scanOnce(), log, env.RENOVATION_SCAN_SECONDS * 1000).start();
    return [{ name: 'renovation scheduler', close: () => task.stop() }];
  }, runtime);
}
