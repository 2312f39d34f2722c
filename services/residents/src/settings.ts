import { type SubgraphContext, type UseCaseContext } from '@pm/subgraph';

import { type ResidentsEnvironment } from './environment';

/** The residents rules' numbers (DOMAIN.md defaults), built once from the service's environment. */
export interface ResidentsSettings {
  /** Months of management fee collected in advance at hand-over. */
  handoverPrepaidMonths: number;
  /** Offices: electricity float at hand-over, fen (1000 CNY). */
  officeElectricityFloatFen: number;
  /** Serviced apartments: water float at hand-over, fen (200 CNY). */
  apartmentWaterFloatFen: number;
  /** Item-release passes: hours valid at the gate. */
  releasePassValidHours: number;
  /** Days after a registered move-out its item-release pass may still be issued. */
  moveOutPassDays: number;
  /** Patrols: random floors per building a day, full-coverage rounds a week. */
  patrolRandomFloors: number;
  patrolFullCoveragePerWeek: number;
}

/** The settings of an environment. */
export function residentsSettings(env: ResidentsEnvironment): ResidentsSettings {
  return Object.freeze({
    handoverPrepaidMonths: env.HANDOVER_PREPAID_MONTHS,
    officeElectricityFloatFen: env.HANDOVER_OFFICE_ELECTRICITY_FLOAT_FEN,
    apartmentWaterFloatFen: env.HANDOVER_APARTMENT_WATER_FLOAT_FEN,
    releasePassValidHours: env.RELEASE_PASS_VALID_HOURS,
    moveOutPassDays: env.RELEASE_MOVE_OUT_PASS_DAYS,
    patrolRandomFloors: env.PATROL_RANDOM_FLOORS,
    patrolFullCoveragePerWeek: env.PATROL_FULL_COVERAGE_PER_WEEK,
  });
}

/** A residents resolver's context. */
export type ResidentsContext = SubgraphContext<ResidentsSettings>;

/** What a residents use case needs: who, in which unit of work, when, by which numbers. */
export type ResidentsUseCase = UseCaseContext<ResidentsSettings>;
