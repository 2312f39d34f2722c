import { loadEnvironment, subgraphEnvironment, withLocalStack } from '@pm/runtime';
import { z } from 'zod';

const fen = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

/** Every setting the residents service reads; the hand-over numbers are DOMAIN.md's. */
export const residentsEnvironment = subgraphEnvironment(
  { port: 4002, database: 'pm_residents' },
  {
    /** 入伙: months of management fee collected in advance. */
    HANDOVER_PREPAID_MONTHS: z.coerce.number().int().min(0).max(36).default(3),
    /** 入伙, offices: the electricity float, fen (1000 CNY). */
    HANDOVER_OFFICE_ELECTRICITY_FLOAT_FEN: fen(100_000),
    /** 入伙, serviced apartments: the water float, fen (200 CNY). */
    HANDOVER_APARTMENT_WATER_FLOAT_FEN: fen(20_000),
    /** 物品放行条: hours a pass stays valid at the gate unless the desk sets a shorter time. */
    RELEASE_PASS_VALID_HOURS: z.coerce.number().min(1).max(168).default(24),
    /** …and a move-out's pass may be issued up to this many days after the move-out was registered. */
    RELEASE_MOVE_OUT_PASS_DAYS: z.coerce.number().int().min(0).max(90).default(7),
    /** 日常巡查: floors a daily round checks at random per building… */
    PATROL_RANDOM_FLOORS: z.coerce.number().int().min(1).max(100).default(5),
    /** …and rounds covering every floor each week. */
    PATROL_FULL_COVERAGE_PER_WEEK: z.coerce.number().int().min(0).max(7).default(2),
  },
);

export type ResidentsEnvironment = z.infer<typeof residentsEnvironment>;

export const loadResidentsEnvironment = (): ResidentsEnvironment => loadEnvironment(residentsEnvironment, process.env);

/** For command-line tools beside `npm start`: its database where the environment names none. */
export const loadResidentsToolEnvironment = (): ResidentsEnvironment => loadEnvironment(residentsEnvironment, withLocalStack(process.env, 'residents'));
