import { loadEnvironment } from '@pm/runtime';
import { z } from 'zod';

/** The settings of the benchmark scripts (`npm run bench:*`). */
export const benchEnvironment = z.object({
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
