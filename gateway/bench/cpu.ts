import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/**
 * Where the machine's CPU goes during a benchmark run: each process's user and system time, read
 * from /proc (Linux) at the run's start and end and summed by group (the gateway, each subgraph,
 * PostgreSQL, NATS, the boards, the load), and the machine's own busy time, whose remainder is the
 * kernel's work on nobody's account (interrupts, kernel threads) and processes outside the groups.
 * Elsewhere there is no /proc, and the table says so.
 */

/** A group of processes, known by their command line. */
export interface CpuGroup {
  name: string;
  matches: (commandLine: string) => boolean;
}

export interface CpuReading {
  /** Seconds (monotonic) when read. */
  at: number;
  /** CPU seconds each process of a group has spent so far, by process id. */
  processes: Map<number, { group: string; seconds: number }>;
  /** CPU seconds the machine has been busy, all cores together. */
  machineBusy: number;
}

/** Percent of one core, by group, and the machine's busy share of all its cores. */
export interface CpuShares {
  byGroup: Record<string, number>;
  /** Busy time not in any group: the kernel's own (softirq, kernel threads) and processes outside them. */
  unaccounted: number;
  /** Percent of one core, all groups and the rest: at most 100 × cores. */
  machine: number;
  cores: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux this runs on

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** The machine's CPU seconds so far, by group; null without /proc. */
export function readCpu(groups: readonly CpuGroup[]): CpuReading | null {
  const stat = readOrEmpty('/proc/stat');
  if (!stat) return null;
  // cpu  user nice system idle iowait irq softirq steal …
  const fields = stat.split('\n', 1)[0].trim().split(/\s+/).slice(1).map(Number);
  const machineBusy = (fields.reduce((sum, n) => sum + n, 0) - fields[3] - (fields[4] ?? 0)) / TICKS_PER_SECOND;
  const processes: CpuReading['processes'] = new Map();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const commandLine = readOrEmpty(`/proc/${pid}/cmdline`).replaceAll('\0', ' ');
    const group = commandLine && groups.find((g) => g.matches(commandLine));
    if (!group) continue;
    const line = readOrEmpty(`/proc/${pid}/stat`);
    // After the command name in parentheses: state is field 3, utime 14, stime 15.
    const after = line.slice(line.lastIndexOf(')') + 2).split(' ');
    const seconds = (Number(after[11]) + Number(after[12])) / TICKS_PER_SECOND;
    if (Number.isFinite(seconds)) processes.set(Number(pid), { group: group.name, seconds });
  }
  return { at: performance.now() / 1000, processes, machineBusy };
}

/**
 * What each group used between two readings, as percent of one core: each process's time at the
 * second reading less its time at the first (a process started in between counts from zero; one
 * that ended in between is lost to its group, and its time shows on nobody's account).
 */
export function cpuShares(groups: readonly CpuGroup[], before: CpuReading | null, after: CpuReading | null): CpuShares | null {
  if (!before || !after) return null;
  const seconds = after.at - before.at;
  const percent = (cpuSeconds: number) => Math.max(0, (cpuSeconds / seconds) * 100);
  const used = new Map(groups.map((g) => [g.name, 0]));
  for (const [pid, { group, seconds: spent }] of after.processes) used.set(group, used.get(group)! + spent - (before.processes.get(pid)?.seconds ?? 0));
  const byGroup = Object.fromEntries([...used].map(([name, cpuSeconds]) => [name, percent(cpuSeconds)]));
  const machine = percent(after.machineBusy - before.machineBusy);
  const grouped = Object.values(byGroup).reduce((sum, n) => sum + n, 0);
  return { byGroup, unaccounted: Math.max(0, machine - grouped), machine, cores: cpus().length };
}
