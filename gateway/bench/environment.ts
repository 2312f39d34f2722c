import { loadEnvironment, withLocalStack } from '@pm/runtime';
import { z } from 'zod';

/** The settings of the benchmark scripts (`npm run bench:*`). */
const count = (min: number, fallback: number) => z.coerce.number().int().min(min).default(fallback);

export const benchEnvironment = z.object({
  /** The stack's ports: the gateway on this one, the subgraphs on the next five (operators' ports 5000 above). */
  BENCH_PORT: count(1024, 24_000),
  /** The stack's mode; production, as `npm start` runs it for people. */
  NODE_ENV: z.enum(['production', 'development', 'test']).default('production'),
  /** bench: connections of each load, seconds each, interleaved rounds, tickets added to the demo property. */
  BENCH_CONNECTIONS: count(1, 50),
  BENCH_SECONDS: count(1, 8),
  BENCH_ROUNDS: count(1, 3),
  BENCH_EXTRA_TICKETS: count(0, 5_000),
  /** bench:events: processes the boards run in, seconds per latency run and its warm-up at the same rate, seconds of openTicket load. */
  BENCH_BOARD_PROCESSES: count(1, 2),
  BENCH_EVENT_SECONDS: count(1, 4),
  BENCH_EVENT_WARMUP_SECONDS: count(0, 2),
  BENCH_MUTATION_SECONDS: count(1, 8),
  /** bench:tickets: tickets loaded into the property. */
  BENCH_TICKETS: z.coerce.number().int().min(100).default(100_000),
  /** bench:tickets: measured runs per filter, after 3 warm-up runs. */
  BENCH_RUNS: z.coerce.number().int().min(1).default(40),
  /** bench: only the queries whose name matches this regular expression (and the floor); docs/ are not rewritten. */
  BENCH_ONLY: z.string().optional().refine((value) => {
    try {
      new RegExp(value ?? '');
      return true;
    } catch {
      return false;
    }
  }, 'must be a regular expression, e.g. unit|board'),
  /** bench: only these targets (ours, hive, direct), e.g. direct to profile a subgraph alone; docs/ are not rewritten. */
  BENCH_TARGETS: z.string().regex(/^(ours|hive|direct)(,(ours|hive|direct))*$/, 'must be targets separated by commas, e.g. ours,direct').optional()
    .transform((value) => value?.split(',')),
  /** bench:events: only these latency runs, boards × changes a second (e.g. 1000x50,100x10); docs/ are not rewritten. */
  BENCH_EVENT_RUNS: z.string().regex(/^\d+x\d+(,\d+x\d+)*$/, 'must be runs of boards x changes a second, e.g. 1000x50,100x10').optional()
    .transform((value) => value?.split(',').map((run) => {
      const [boards, rate] = run.split('x').map(Number);
      return { boards, rate };
    })),
});

export type BenchEnvironment = z.infer<typeof benchEnvironment>;

export const loadBenchEnvironment = (): BenchEnvironment => loadEnvironment(benchEnvironment, process.env);

/** The environment of a process a benchmark starts (a stack, Hive Gateway, a tool): this one's, plus its own settings. */
export const childEnvironment = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ ...process.env, ...extra });

/** The running `npm start` stack a tool works beside: its settings (.data/stack.json) and, if given, its data directory (PM_DATA_DIR). */
export const runningStack = (): { env: Record<string, string | undefined>; dataDir?: string } => ({ env: withLocalStack(process.env), dataDir: process.env.PM_DATA_DIR });
