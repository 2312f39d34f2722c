import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { isPortOpen, stopChild, waitFor } from '@pm/infra';
import { defaultInternalPort } from '@pm/runtime';

export const ROOT = join(__dirname, '..', '..', '..');
/** Logs, secrets, the embedded PostgreSQL and NATS data: `.data/`, or PM_DATA_DIR (a second stack beside the first). */
export const DATA_DIR = process.env.PM_DATA_DIR ?? join(ROOT, '.data');
const LOG_DIR = join(DATA_DIR, 'logs');

export interface Managed {
  name: string;
  port: number;
  logFile: string;
  child: ChildProcess;
}

/** Starts a TypeScript entry point of the repository as a child process, logging to .data/logs/<name>.log. */
export function startNode(name: string, entry: string, port: number, env: NodeJS.ProcessEnv, options: { semiSpaceMb?: number } = {}): Managed {
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = join(LOG_DIR, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  // NODE_ARGS: extra options for every child, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` (not allowed in NODE_OPTIONS).
  const extra = (process.env.NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const young = options.semiSpaceMb ? [`--max-semi-space-size=${options.semiSpaceMb}`] : [];
  const child = spawn(process.execPath, [...young, ...extra, '-r', '@swc-node/register', join(ROOT, entry)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return { name, port, logFile, child };
}

/** The last lines of a child's log, to show why it stopped. */
export function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Waits until `/readyz` answers 200, failing early if the process dies. */
export async function waitReady(managed: Managed, timeoutMs = 60_000): Promise<void> {
  let exited = false;
  managed.child.once('exit', () => (exited = true));
  const ready = await waitFor(async () => {
    if (exited) return true;
    // Health is on the operators' port (5000 above the public one).
    const response = await fetch(`http://127.0.0.1:${defaultInternalPort(managed.port)}/readyz`).catch(() => undefined);
    return response?.status === 200;
  }, timeoutMs, 250);
  if (exited || !ready) throw new Error(`${managed.name} did not become ready. Its log (${managed.logFile}) ends:\n${tail(managed.logFile)}`);
}

export async function assertPortFree(name: string, port: number): Promise<void> {
  if (await isPortOpen('127.0.0.1', port, 300)) {
    throw new Error(`Port ${port} (for ${name}) is already in use: is the platform already running? Stop it or free the port.`);
  }
}

export const stopAll = (children: Managed[]) => Promise.all(children.map((m) => stopChild(m.child)));
