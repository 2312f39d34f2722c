import { type Logger } from '@pm/runtime';
import { type RunningService, type ServiceDefinition, startService } from '@pm/subgraph';

import { type ResidentsEnvironment } from './environment';
import { migrations } from './migrations';
import { Building, Estate } from './property/property.entity';
import { Resident } from './resident/resident.entity';
import { residentsSchema } from './schema';
import { Unit } from './unit/unit.entity';

export const residentsService: ServiceDefinition = {
  name: 'residents',
  schema: residentsSchema,
  entities: [Estate, Building, Unit, Resident],
  migrations,
};

/** Starts the residents subgraph with its database; `close()` stops everything it started. */
export function startResidents(env: ResidentsEnvironment, logger?: Logger): Promise<RunningService> {
  return startService(residentsService, env, logger);
}
