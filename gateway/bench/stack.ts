import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { Client } from 'pg';

import { childEnvironment, loadBenchEnvironment } from './environment';

/**
 * The stack as `npm start` runs it — separate processes, production mode — on the benchmarks' own
 * ports, databases and data directory, shared by `npm run bench` and `npm run bench:events`.
 */
export const ROOT = join(__dirname, '..', '..');
/** The benchmarks' settings, validated once (gateway/bench/environment.ts). */
export const BENCH = loadBenchEnvironment();
export const PORT = BENCH.BENCH_PORT;
export const PREFIX = 'pm_bench';
export const DATA_DIR = join(ROOT, '.data', 'bench');
export const SERVICES = ['tickets', 'residents', 'renovation', 'parking', 'surveys'];
export const GATEWAY_URL = `http://127.0.0.1:${PORT}/graphql`;
export const serviceUrl = (index: number) => `http://127.0.0.1:${PORT + 1 + index}/graphql`;
export const metricsUrl = (name: string) => `http://127.0.0.1:${PORT + 1 + SERVICES.indexOf(name) + 5000}/metrics`;
export const log = (line: string) => process.stdout.write(`${line}\n`);

export interface Stack {
  child: ChildProcess;
  propertyId: string;
  tokens: Map<string, string>;
  apiKey: string;
  secrets: { JWT_SECRET: string; IDENTITY_SECRET: string };
  /** DATABASE_URL of the server the stack's databases live on. */
  databaseUrl: string;
  stop(): Promise<void>;
}

const DEMO_PROPERTY = /Demo property +\S+ +id ([0-9a-f-]{36})/;

/**
 * Every run starts from the same data: the databases of the previous run (`pm_bench_*`, on the
 * server its stack.json names) are dropped, an embedded server's data directory removed. Otherwise
 * the tickets `npm run bench:events` opened (thousands) would be in the next run's page of 20.
 */
async function forgetPreviousRun(): Promise<void> {
  const file = join(DATA_DIR, 'stack.json');
  if (!existsSync(file)) return;
  const { DATABASE_URL } = JSON.parse(readFileSync(file, 'utf8')) as { DATABASE_URL: string };
  const db = new Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await db.connect();
    const { rows } = await db.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`${PREFIX}\\_%`]);
    for (const { datname } of rows) await db.query(`drop database "${datname}" with (force)`);
  } catch {
    // Its server is not running (an embedded one, stopped with its stack): start that one afresh.
    rmSync(join(DATA_DIR, 'postgres'), { recursive: true, force: true });
  } finally {
    await db.end().catch(() => undefined);
  }
}

/** Refuses to start beside a running bench (its ports taken): forgetting the previous run would drop that one's databases under it. */
async function ensurePortsFree(): Promise<void> {
  for (let port = PORT; port <= PORT + SERVICES.length; port++) {
    const taken = await new Promise<boolean>((resolve) => {
      const probe = createServer().once('error', () => resolve(true)).once('listening', () => probe.close(() => resolve(false)));
      probe.listen(port, '127.0.0.1');
    });
    if (taken) throw new Error(`Port ${port} is in use: is another benchmark (or the platform on BENCH_PORT's ports) running? Its databases would be dropped under it; stop it first.`);
  }
}

export async function startStack(): Promise<Stack> {
  await ensurePortsFree();
  await forgetPreviousRun();
  log(`starting the stack as npm start does (gateway :${PORT}, subgraphs :${PORT + 1}–${PORT + 5}, databases ${PREFIX}_*)…`);
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'deploy/local/src/start.ts')], {
    cwd: ROOT,
    env: childEnvironment({ GATEWAY_PORT: String(PORT), SERVICE_PORT_BASE: String(PORT + 1), DATABASE_PREFIX: PREFIX, PM_DATA_DIR: DATA_DIR, LOG_LEVEL: 'warn', FORCE_COLOR: '0', NODE_ENV: BENCH.NODE_ENV }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const step = /\[(\d\/\d)\] ([^…]+)…/g.exec(chunk.toString());
    if (step) log(`  ${step[1]} ${step[2].trim()}`);
  });
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  while (!/Logs: /.test(output)) {
    if (child.exitCode !== null) throw new Error(`the stack did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const propertyId = DEMO_PROPERTY.exec(output)![1];
  // The demo key is held to 600 requests a minute; a load needs one without that limit.
  const created = execFileSync('npm', ['run', '--silent', 'api-key', '-w', 'gateway', '--', 'create', '--name', 'bench', '--scopes', 'tickets:read,residents:read', '--properties', propertyId, '--rate-limit', '100000000', '--json'], { cwd: ROOT, env: childEnvironment({ PM_DATA_DIR: DATA_DIR }), encoding: 'utf8' });
  return {
    child,
    propertyId,
    tokens: new Map([...output.matchAll(/^ {2}([A-Z_]+) +(eyJ\S+)$/gm)].map((m) => [m[1], m[2]])),
    apiKey: (JSON.parse(created.trim().split('\n').pop()!) as { key: string }).key,
    secrets: JSON.parse(readFileSync(join(DATA_DIR, 'secrets.json'), 'utf8')) as Stack['secrets'],
    databaseUrl: (JSON.parse(readFileSync(join(DATA_DIR, 'stack.json'), 'utf8')) as { DATABASE_URL: string }).DATABASE_URL,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

export async function graphql<T>(url: string, headers: Record<string, string>, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data!;
}

/** SQL statements and GraphQL requests each subgraph has served so far. */
export async function counters(): Promise<Record<string, { requests: number; queries: number }>> {
  return Object.fromEntries(await Promise.all(SERVICES.map(async (name) => {
    const text = await (await fetch(metricsUrl(name))).text();
    const read = (metric: string) => Number(new RegExp(`^${metric}\\{[^}]*\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
    return [name, { requests: read('pm_graphql_requests_total'), queries: read('pm_graphql_db_queries_total') }] as const;
  })));
}
