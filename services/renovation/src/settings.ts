import { BusinessCalendar } from '@pm/calendar';
import { type SubgraphContext, type UseCaseContext } from '@pm/subgraph';

import { type RenovationEnvironment } from './environment';
import { type FeeRates } from './application/application.rules';

/**
 * The numbers renovation works by, built once from its environment (DOMAIN.md's defaults) and
 * handed to resolvers, use cases, the scheduler and handlers.
 */
export interface RenovationSettings {
  calendar: BusinessCalendar;
  decisionWorkingDays: number;
  refundAfterMonths: number;
  officeRefundAfterDays: number;
  permitValidDays: number;
  hotWorkMaxHours: number;
  /** The standard fee schedule, for properties without their own. */
  fees: FeeRates;
}

export function renovationSettings(env: RenovationEnvironment): RenovationSettings {
  return Object.freeze({
    calendar: new BusinessCalendar(),
    decisionWorkingDays: env.RENOVATION_DECISION_WORKING_DAYS,
    refundAfterMonths: env.RENOVATION_REFUND_AFTER_MONTHS,
    officeRefundAfterDays: env.RENOVATION_OFFICE_REFUND_AFTER_DAYS,
    permitValidDays: env.RENOVATION_PERMIT_VALID_DAYS,
    hotWorkMaxHours: env.RENOVATION_HOT_WORK_MAX_HOURS,
    fees: Object.freeze({
      depositFen: env.RENOVATION_FEE_DEPOSIT_FEN,
      debrisRemovalFen: env.RENOVATION_FEE_DEBRIS_REMOVAL_FEN,
      workerPassFen: env.RENOVATION_FEE_WORKER_PASS_FEN,
      airConditioningChangeFen: env.RENOVATION_FEE_AIR_CONDITIONING_CHANGE_FEN,
      fireWaterDrainFen: env.RENOVATION_FEE_FIRE_WATER_DRAIN_FEN,
      fireLinkageFen: env.RENOVATION_FEE_FIRE_LINKAGE_FEN,
    }),
  });
}

/** A renovation resolver's context. */
export type RenovationContext = SubgraphContext<RenovationSettings>;

/** What a renovation use case needs: who, in which unit of work, when, by which numbers. */
export type RenovationUseCase = UseCaseContext<RenovationSettings>;
