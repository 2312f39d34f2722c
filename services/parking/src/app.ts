import { type Clock, systemClock } from '@pm/calendar';
import { type Logger } from '@pm/runtime';
import { type RunningService, type ServiceDefinition, startService } from '@pm/subgraph';

import { type ParkingEnvironment } from './environment';
import { ParkingLease } from './lease/lease.entity';
import { ParkingLot, ParkingSpace } from './lot/lot.entity';
import { migrations } from './migrations';
import { residentMovedOutHandler } from './residents/resident-moved-out.handler';
import { residentRegisteredHandler } from './residents/resident-registered.handler';
import { UnitResident } from './residents/unit-resident.entity';
import { parkingSchema } from './schema';

export const parkingService: ServiceDefinition = {
  name: 'parking',
  schema: parkingSchema,
  entities: [ParkingLot, ParkingSpace, ParkingLease, UnitResident],
  migrations,
  consumes: [residentRegisteredHandler, residentMovedOutHandler],
};

/** Starts the parking subgraph with its database; `close()` stops everything it started. */
export function startParking(env: ParkingEnvironment, logger?: Logger, options: { clock?: Clock } = {}): Promise<RunningService> {
  return startService(parkingService, env, logger, undefined, { clock: options.clock ?? systemClock, settings: undefined });
}
