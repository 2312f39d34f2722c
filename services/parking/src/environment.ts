import { loadEnvironment, subgraphEnvironment } from '@pm/runtime';
import { z } from 'zod';

const count = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
const fen = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

/**
 * Every setting the parking service reads: DOMAIN.md's periods, and the company's standard monthly
 * rent (a lot's own price list, set by its supervisor, takes precedence).
 */
export const parkingEnvironment = subgraphEnvironment(
  { port: 4004, database: 'pm_parking' },
  {
    /** A space offered to a waiting household (or held for a new application) is paid within this many working days, or passes on. */
    PARKING_OFFER_WORKING_DAYS: count(3),
    /** The expiry reminder goes out this many days before the end of a term. */
    PARKING_REMINDER_DAYS: count(7),
    /** How often lapsed offers, reminders and expiries are looked for, seconds. */
    PARKING_SCAN_SECONDS: count(30),
    PARKING_PRICE_MONTHLY_FEN: fen(30_000),
    PARKING_PRICE_QUARTERLY_FEN: fen(85_000),
    PARKING_PRICE_YEARLY_FEN: fen(320_000),
  },
);

export type ParkingEnvironment = z.infer<typeof parkingEnvironment>;

export const loadParkingEnvironment = (): ParkingEnvironment => loadEnvironment(parkingEnvironment, process.env);
