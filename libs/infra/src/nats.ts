import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

import { freePort, isPortOpen, waitFor } from './probe';

export interface FoundNats {
  url: string;
  source: 'NATS_URL' | 'local server' | 'nats-server';
  stop(): Promise<void>;
}

export const NATS_HELP = [
  'NATS with JetStream is needed and none was found. Any of these works:',
  '  - set NATS_URL=nats://host:4222 to a server started with JetStream (-js);',
  '  - install it: `sudo apt-get install nats-server` (Debian/Ubuntu) or `brew install nats-server` (macOS),',
  '    or download a release from https://github.com/nats-io/nats-server/releases and put it on PATH;',
  '  - or run `docker run -p 4222:4222 nats -js`.',
].join('\n');

function onPath(binary: string): boolean {
  return spawnSync(binary, ['--version'], { stdio: 'ignore' }).status === 0;
}

function hostPort(url: string): [string, number] {
  const parsed = new URL(url.replace(/^nats:/, 'http:'));
  return [parsed.hostname, Number(parsed.port || 4222)];
}

/** Stops a child process: SIGTERM, then SIGKILL if it lingers. */
export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts `nats-server` with JetStream on `port`, storing under `dataDir`. */
export async function startNatsServer(dataDir: string, port: number): Promise<{ url: string; process: ChildProcess }> {
  mkdirSync(dataDir, { recursive: true });
  const child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dataDir], { stdio: 'ignore' });
  const up = await waitFor(() => isPortOpen('127.0.0.1', port, 300), 10_000);
  if (!up) {
    await stopChild(child);
    throw new Error(`nats-server did not start on port ${port}`);
  }
  return { url: `nats://127.0.0.1:${port}`, process: child };
}

/**
 * NATS as DESIGN.md "Running" orders it: `NATS_URL`, else a server on 127.0.0.1:4222, else a
 * `nats-server` binary on PATH started with JetStream; else an error saying how to get one.
 */
export async function findNats(options: { url?: string; dataDir: string }): Promise<FoundNats> {
  const none = async () => undefined;
  if (options.url) {
    // A cluster's list: one server answering is enough (the clients fail over to the others).
    const servers = options.url.split(',').map((part) => hostPort(part.trim()));
    const answering = await Promise.all(servers.map(([host, port]) => isPortOpen(host, port, 2000)));
    if (!answering.some(Boolean)) throw new Error(`NATS_URL is set but nothing answers at ${servers.map(([h, p]) => `${h}:${p}`).join(', ')}`);
    return { url: options.url, source: 'NATS_URL', stop: none };
  }
  if (await isPortOpen('127.0.0.1', 4222)) return { url: 'nats://127.0.0.1:4222', source: 'local server', stop: none };
  if (!onPath('nats-server')) throw new Error(NATS_HELP);
  const started = await startNatsServer(options.dataDir, await freePort(4222));
  return { url: started.url, source: 'nats-server', stop: () => stopChild(started.process) };
}
