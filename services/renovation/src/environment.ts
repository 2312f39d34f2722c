import { loadEnvironment, subgraphEnvironment } from '@pm/runtime';
import { z } from 'zod';

const count = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
const fen = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

/**
 * Every setting the renovation service reads. The periods are DOMAIN.md's; the fees are the
 * company's standard schedule (a property's own schedule, set by its manager, takes precedence).
 */
export const renovationEnvironment = subgraphEnvironment(
  { port: 4003, database: 'pm_renovation' },
  {
    /** An application is approved or returned within this many working days of submission. */
    RENOVATION_DECISION_WORKING_DAYS: count(3),
    /** The deposit is refundable this many months after a passed completion inspection… */
    RENOVATION_REFUND_AFTER_MONTHS: count(3),
    /** …or, for OFFICE units, this many days. */
    RENOVATION_OFFICE_REFUND_AFTER_DAYS: count(15),
    /** A permit (and its worker passes) is valid this many days unless the desk says otherwise. */
    RENOVATION_PERMIT_VALID_DAYS: count(90),
    /** A hot-work permit (动火) covers at most this many hours. */
    RENOVATION_HOT_WORK_MAX_HOURS: count(12),
    /** How often the scheduler looks for overdue decisions and missing inspections, seconds. */
    RENOVATION_SCAN_SECONDS: count(30),
    RENOVATION_FEE_DEPOSIT_FEN: fen(200_000),
    RENOVATION_FEE_DEBRIS_REMOVAL_FEN: fen(30_000),
    RENOVATION_FEE_WORKER_PASS_FEN: fen(2_000),
    RENOVATION_FEE_AIR_CONDITIONING_CHANGE_FEN: fen(50_000),
    RENOVATION_FEE_FIRE_WATER_DRAIN_FEN: fen(30_000),
    RENOVATION_FEE_FIRE_LINKAGE_FEN: fen(50_000),
  },
);

export type RenovationEnvironment = z.infer<typeof renovationEnvironment>;

export const loadRenovationEnvironment = (): RenovationEnvironment => loadEnvironment(renovationEnvironment, process.env);
