import { type Clock, systemClock } from '@pm/calendar';
import { type Logger } from '@pm/runtime';
import { type RunningService, type ServiceDefinition, type ServiceRuntime, startService } from '@pm/subgraph';
import { PatrolRound } from './patrol/patrol.entity';
import { PropertySettingsChange } from '@pm/db';

import { type ResidentsEnvironment } from './environment';
import { Handover, HandoverDefect } from './handover/handover.entity';
import { OccupancyChange } from './occupancy/occupancy-change.entity';
import { renovationCompletedHandler, renovationPermitIssuedHandler } from './occupancy/renovation.handlers';
import { PiiAccess } from './pii/pii-access.entity';
import { ItemReleasePass } from './release/item-release.entity';
import { type ResidentsSettings, residentsSettings } from './settings';
import { VisitorEntry } from './visitors/visitor.entity';
import { migrations } from './migrations';
import { Building, Estate } from './property/property.entity';
import { Resident } from './resident/resident.entity';
import { residentsSchema } from './schema';
import { Unit } from './unit/unit.entity';

export const residentsService: ServiceDefinition<ResidentsSettings> = {
  name: 'residents',
  schema: residentsSchema,
  entities: [Estate, Building, Unit, Resident, OccupancyChange, Handover, HandoverDefect, ItemReleasePass, VisitorEntry, PiiAccess, PatrolRound, PropertySettingsChange],
  migrations,
  consumes: [renovationPermitIssuedHandler, renovationCompletedHandler],
};

/** Starts the residents subgraph with its database; `close()` stops everything it started. */
export function startResidents(env: ResidentsEnvironment, logger?: Logger, options: { clock?: Clock } = {}): Promise<RunningService> {
  const runtime: ServiceRuntime<ResidentsSettings> = { clock: options.clock ?? systemClock, settings: residentsSettings(env) };
  return startService(residentsService, env, logger, undefined, runtime);
}
