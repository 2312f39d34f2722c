import { type Clock, systemClock } from '@pm/calendar';
import { createLogger, type Logger } from '@pm/runtime';
import { PeriodicTask, type RunningService, type ServiceDefinition, type ServiceRuntime, startService } from '@pm/subgraph';

import { type ParkingEnvironment } from './environment';
import { ParkingLease, ParkingPayment } from './lease/lease.entity';
import { ParkingScheduler } from './lease/lease.scheduler';
import { ParkingLot, ParkingPrice, ParkingSpace } from './lot/lot.entity';
import { migrations } from './migrations';
import { residentMovedOutHandler } from './residents/resident-moved-out.handler';
import { residentRegisteredHandler } from './residents/resident-registered.handler';
import { UnitResident } from './residents/unit-resident.entity';
import { parkingSchema } from './schema';
import { type ParkingSettings, parkingSettings } from './settings';

export const parkingService: ServiceDefinition<ParkingSettings> = {
  name: 'parking',
  schema: parkingSchema,
  entities: [ParkingLot, ParkingSpace, ParkingPrice, ParkingLease, ParkingPayment, UnitResident],
  migrations,
  consumes: [residentRegisteredHandler, residentMovedOutHandler],
};

/** Starts the parking subgraph with its database and its scheduler; `close()` stops everything it started. */
export function startParking(env: ParkingEnvironment, logger?: Logger, options: { clock?: Clock } = {}): Promise<RunningService> {
  const log = logger ?? createLogger('parking', env.LOG_LEVEL);
  const runtime: ServiceRuntime<ParkingSettings> = { clock: options.clock ?? systemClock, settings: parkingSettings(env) };
  return startService(parkingService, env, log, async (orm) => {
    const scheduler = new ParkingScheduler(orm, runtime);
    const task = new PeriodicTask('parking scan', () => scheduler.scanOnce(), log, env.PARKING_SCAN_SECONDS * 1000).start();
    return [{ name: 'parking scheduler', close: () => task.stop() }];
  }, runtime);
}
