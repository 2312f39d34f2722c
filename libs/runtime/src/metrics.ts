import { type Closeable } from './shutdown';

/** Seconds: where a GraphQL operation's latency is counted. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Distinct operations kept apart; the rest are counted as `other` (labels stay bounded). */
const MAX_OPERATIONS = 300;

interface Series {
  counts: number[];
  sum: number;
  count: number;
}

/**
 * Rate, latency and errors per GraphQL operation, as Prometheus text: a histogram
 * `<prefix>_operation_duration_seconds{operation,outcome}`. An operation is named by its type and
 * first root field (`mutation openTicket`, `query _entities`), which the schema bounds.
 */
export class OperationMetrics {
  private readonly series = new Map<string, Series>();

  /** `labels`: constant labels on every series, e.g. `{ service: 'tickets' }`. */
  constructor(private readonly prefix: string, private readonly labels: Record<string, string> = {}) {}

  observe(operation: string, outcome: 'ok' | 'error', seconds: number): void {
    const known = this.series.size < MAX_OPERATIONS * 2 || this.series.has(`${operation}\u0000${outcome}`);
    const key = `${known ? operation : 'other'}\u0000${outcome}`;
    let series = this.series.get(key);
    if (!series) {
      series = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, series);
    }
    for (const [i, bound] of BUCKETS.entries()) if (seconds <= bound) series.counts[i] += 1;
    series.sum += seconds;
    series.count += 1;
  }

  render(): string {
    const name = `${this.prefix}_operation_duration_seconds`;
    const lines = [`# HELP ${name} GraphQL operations by operation and outcome: rate, latency and errors.`, `# TYPE ${name} histogram`];
    for (const [key, s] of this.series) {
      const [operation, outcome] = key.split('\u0000');
      const constant = Object.entries(this.labels).map(([k, v]) => `${k}="${v}",`).join('');
      const labels = `${constant}operation="${operation.replace(/["\\\n]/g, '_')}",outcome="${outcome}"`;
      for (const [i, bound] of BUCKETS.entries()) lines.push(`${name}_bucket{${labels},le="${bound}"} ${s.counts[i]}`);
      lines.push(`${name}_bucket{${labels},le="+Inf"} ${s.count}`, `${name}_sum{${labels}} ${s.sum}`, `${name}_count{${labels}} ${s.count}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

/** `mutation openTicket`: an operation's type and first root field, for metrics and span names. */
export function operationLabel(operation: { operation: string; selectionSet: { selections: readonly { kind: string; name?: { value: string } }[] } } | undefined | null): string {
  if (!operation) return 'unparsed';
  const field = operation.selectionSet.selections.find((s) => s.kind === 'Field')?.name?.value ?? 'fragment';
  return `${operation.operation} ${field}`;
}

/** Seconds from a ticket's change to a live board: finer at the low end, where a board's latency goal is. */
export const LAG_BUCKETS = [0.001, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * A Prometheus histogram of seconds with one label of a few known values (a pipeline's stages):
 * `<name>_bucket{<label>=…,le=…}`, `_sum`, `_count`.
 */
export class LabelledHistogram {
  private readonly series = new Map<string, Series>();

  constructor(private readonly name: string, private readonly help: string, private readonly label: string, private readonly buckets: number[] = LAG_BUCKETS) {}

  observe(value: string, seconds: number): void {
    let series = this.series.get(value);
    if (!series) {
      series = { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(value, series);
    }
    for (let i = this.buckets.length - 1; i >= 0 && seconds <= this.buckets[i]; i--) series.counts[i] += 1;
    series.sum += seconds;
    series.count += 1;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [value, s] of this.series) {
      const labels = `${this.label}="${value}"`;
      for (const [i, bound] of this.buckets.entries()) lines.push(`${this.name}_bucket{${labels},le="${bound}"} ${s.counts[i]}`);
      lines.push(`${this.name}_bucket{${labels},le="+Inf"} ${s.count}`, `${this.name}_sum{${labels}} ${s.sum}`, `${this.name}_count{${labels}} ${s.count}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

/** The cumulative bucket counts of one series of a histogram in Prometheus text, by upper bound (`+Inf` as Infinity). */
export function histogramBuckets(text: string, name: string, labels: string): Map<number, number> {
  const buckets = new Map<number, number>();
  const pattern = new RegExp(`^${name}_bucket\\{${labels.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},le="([^"]+)"\\} (\\d+)$`, 'gm');
  for (const [, le, count] of text.matchAll(pattern)) buckets.set(le === '+Inf' ? Infinity : Number(le), Number(count));
  return buckets;
}

/** The upper bound of the bucket holding quantile `q` (0–1) of what was observed between two readings of a histogram's buckets. */
export function bucketQuantile(before: Map<number, number>, after: Map<number, number>, q: number): number {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  if (!total) return NaN;
  for (const bound of bounds) if ((after.get(bound) ?? 0) - (before.get(bound) ?? 0) >= q * total) return bound;
  return Infinity;
}

/**
 * How late this process's event loop ran a timer due every `everyMs`: how long anything that
 * became ready (an answer, a message, a socket's data) waited for the process to get to it — its
 * own work queued ahead, or the machine giving it no core. Prometheus histogram
 * `pm_event_loop_delay_seconds{service=…}` on `/metrics`, a Closeable that stops the timer.
 */
export class EventLoopDelay implements Closeable {
  readonly name = 'event-loop delay';
  private readonly histogram: LabelledHistogram;
  private readonly timer: NodeJS.Timeout;

  constructor(service: string, everyMs = 10) {
    this.histogram = new LabelledHistogram(
      'pm_event_loop_delay_seconds',
      `Seconds the event loop ran a timer late (sampled every ${everyMs} ms): how long ready work waited for the process.`,
      'service',
    );
    let due = performance.now() + everyMs;
    this.timer = setInterval(() => {
      const now = performance.now();
      this.histogram.observe(service, Math.max(0, now - due) / 1000);
      due = now + everyMs;
    }, everyMs);
    this.timer.unref();
  }

  metrics(): string {
    return this.histogram.render();
  }

  close(): void {
    clearInterval(this.timer);
  }
}
