import { createLogger, type Logger } from '@pm/runtime';
import { type RunningSubgraph, startSubgraph } from '@pm/subgraph';

import { type ResidentsEnvironment } from './environment';
import { migrations } from './migrations';
import { Building, Estate } from './property/property.entity';
import { Resident } from './resident/resident.entity';
import { residentsSchema } from './schema';
import { Unit } from './unit/unit.entity';

export const residentsEntities = [Estate, Building, Unit, Resident];

/** Starts the residents subgraph with its database; `close()` stops everything it started. */
export function startResidents(env: ResidentsEnvironment, logger: Logger = createLogger('residents', env.LOG_LEVEL)): Promise<RunningSubgraph> {
  return startSubgraph({
    name: 'residents',
    port: env.PORT,
    host: env.HOST,
    identitySecret: env.IDENTITY_SECRET,
    logger,
    ...residentsSchema,
    database: {
      serverUrl: env.DATABASE_URL,
      dbName: env.DATABASE_NAME,
      entities: residentsEntities,
      migrations,
      migrate: env.MIGRATE_ON_BOOT,
    },
  });
}
