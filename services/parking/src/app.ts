import { type Logger } from '@pm/runtime';
import { type RunningSubgraph, type ServiceDefinition, startService } from '@pm/subgraph';

import { type ParkingEnvironment } from './environment';
import { ParkingLease } from './lease/lease.entity';
import { ParkingLot, ParkingSpace } from './lot/lot.entity';
import { migrations } from './migrations';
import { parkingSchema } from './schema';

export const parkingService: ServiceDefinition = {
  name: 'parking',
  schema: parkingSchema,
  entities: [ParkingLot, ParkingSpace, ParkingLease],
  migrations,
};

/** Starts the parking subgraph with its database; `close()` stops everything it started. */
export function startParking(env: ParkingEnvironment, logger?: Logger): Promise<RunningSubgraph> {
  return startService(parkingService, env, logger);
}
