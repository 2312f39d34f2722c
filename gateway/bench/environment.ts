import { loadEnvironment } from '@pm/runtime';
import { z } from 'zod';

/** The settings of the benchmark scripts (`npm run bench:*`). */
export const benchEnvironment = z.object({
  /** bench:tickets: tickets loaded into the property. */
  BENCH_TICKETS: z.coerce.number().int().min(100).default(100_000),
  /** bench:tickets: measured runs per filter, after 3 warm-up runs. */
  BENCH_RUNS: z.coerce.number().int().min(1).default(40),
});

export type BenchEnvironment = z.infer<typeof benchEnvironment>;

export const loadBenchEnvironment = (): BenchEnvironment => loadEnvironment(benchEnvironment, process.env);
