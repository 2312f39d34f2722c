import { BusinessCalendar } from '@pm/calendar';
import { type SubgraphContext, type UseCaseContext } from '@pm/subgraph';

import { type ParkingEnvironment } from './environment';
import { LeaseTerm } from './lease/lease.enums';

/** The numbers parking works by, built once from its environment and handed to every use case. */
export interface ParkingSettings {
  calendar: BusinessCalendar;
  offerWorkingDays: number;
  reminderDays: number;
  /** The company's standard rent per term, fen, for lots without their own price list. */
  standardPrices: Record<LeaseTerm, number>;
}

export function parkingSettings(env: ParkingEnvironment): ParkingSettings {
  return Object.freeze({
    calendar: new BusinessCalendar(),
    offerWorkingDays: env.PARKING_OFFER_WORKING_DAYS,
    reminderDays: env.PARKING_REMINDER_DAYS,
    standardPrices: Object.freeze({
      [LeaseTerm.MONTHLY]: env.PARKING_PRICE_MONTHLY_FEN,
      [LeaseTerm.QUARTERLY]: env.PARKING_PRICE_QUARTERLY_FEN,
      [LeaseTerm.YEARLY]: env.PARKING_PRICE_YEARLY_FEN,
    }),
  });
}

/** A parking resolver's context. */
export type ParkingContext = SubgraphContext<ParkingSettings>;

/** What a parking use case needs: who, in which unit of work, when, by which numbers. */
export type ParkingUseCase = UseCaseContext<ParkingSettings>;
