import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { databaseUrl } from '@pm/db';
import { connectNats, EventSpace } from '@pm/events';
import { freePort, startNatsServer, stopChild } from '@pm/infra';
import { Client } from 'pg';

import { deleteEventStream } from '../src/stack-state';

const ROOT = join(__dirname, '..', '..', '..');
/** A stack of its own beside any other (the README test's is on 14,000). */
const PORT = 14_200;
const PREFIX = `pm_reseed_${process.pid}`;
const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** This test's own NATS where nats-server is installed: its two seedings (hundreds of events) stay off the server other suites use. */
const OWN_NATS = spawnSync('nats-server', ['--version'], { stdio: 'ignore' }).status === 0;
let NATS = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
/** The stack's events: its prefix is their namespace. */
const SPACE = new EventSpace(PREFIX);

/** `npm start` of this test's stack, its output gathered as it comes. */
function start(dataDir: string): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'deploy/local/src/start.ts')], {
    cwd: ROOT,
    env: { ...process.env, GATEWAY_PORT: String(PORT), SERVICE_PORT_BASE: String(PORT + 1), DATABASE_PREFIX: PREFIX, PM_DATA_DIR: dataDir, NATS_URL: NATS, LOG_LEVEL: 'warn', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function until(what: string, ready: () => boolean | Promise<boolean>, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; npm start printed:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const stopped = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));

/** Rows of one of the stack's databases. */
async function count(service: string, sql: string): Promise<number> {
  const db = new Client({ connectionString: databaseUrl(SERVER, `${PREFIX}_${service}`) });
  await db.connect();
  try {
    return Number((await db.query<{ n: string }>(sql)).rows[0].n);
  } catch {
    return 0; // not migrated yet
  } finally {
    await db.end();
  }
}

/** When the stack's stream and each of its durable consumers were made. */
async function streamCreated(): Promise<{ stream: Date; durables: Date[] }> {
  const nc = await connectNats(NATS, 'interrupted-seed-test');
  try {
    const jsm = await nc.jetstreamManager();
    const durables: Date[] = [];
    for await (const consumer of jsm.consumers.list(SPACE.stream)) {
      if (consumer?.config.durable_name) durables.push(new Date(consumer.created));
    }
    return { stream: new Date((await jsm.streams.info(SPACE.stream)).created), durables };
  } finally {
    await nc.close();
  }
}

/**
 * A newcomer's first `npm start` stopped while it seeds the demo (Ctrl-C, a closed terminal): the
 * next start took the half-seeded demo for seeded, because the demo property was there, and kept it
 * for good. Now the next start drops what the interrupted one made and seeds the demo whole.
 */
describe('npm start after a first start interrupted while seeding the demo', () => {
  let dataDir: string;
  let running: ChildProcess | undefined;
  let nats: ChildProcess | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pm-reseed-'));
    if (OWN_NATS) {
      const started = await startNatsServer(join(dataDir, 'nats'), await freePort(14_290));
      nats = started.process;
      NATS = started.url;
    }
  });

  afterAll(async () => {
    if (running && running.exitCode === null) {
      running.kill('SIGTERM');
      await stopped(running);
    }
    const pg = new Client({ connectionString: databaseUrl(SERVER, 'postgres') });
    await pg.connect();
    const { rows } = await pg.query<{ datname: string }>('select datname from pg_database where datname like $1', [`${PREFIX}_%`]);
    for (const { datname } of rows) await pg.query(`drop database if exists "${datname}" with (force)`);
    await pg.end();
    if (nats) await stopChild(nats);
    else await deleteEventStream(NATS, PREFIX);
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('starts over: the half-seeded databases and events are dropped and the demo is seeded whole', async () => {
    // The first start, stopped once seeding has put the property and its units in.
    const first = start(dataDir);
    running = first.child;
    await until('seeding to begin', () => /seeding 翠湖花园/.test(first.output()), 150_000, first.output);
    await until('the demo units', async () => (await count('residents', 'select count(*) as n from unit')) > 0, 60_000, first.output);
    first.child.kill('SIGTERM');
    await stopped(first.child);
    expect(first.output()).not.toMatch(/Logs: /);
    expect(JSON.parse(readFileSync(join(dataDir, 'demo-seeding.json'), 'utf8'))).toMatchObject({ state: 'seeding', databasePrefix: PREFIX, startedFresh: true });
    const tickets = await count('tickets', 'select count(*) as n from ticket');
    expect(tickets).toBeLessThan(40);

    const secondStarted = new Date();
    const second = start(dataDir);
    running = second.child;
    await until('the second start to finish', () => /Logs: /.test(second.output()) || second.child.exitCode !== null, 240_000, second.output);
    expect(second.output()).toMatch(/starting over: seeding 翠湖花园 was interrupted \(\S+\) … its half-seeded databases dropped/);
    expect(second.output()).toMatch(/seeding 翠湖花园 \(324 units[^\n]*done/);
    expect(second.output()).toMatch(/Demo property +翠湖花园 +id [0-9a-f-]{36}/);

    // One demo property, whole: every unit once, the 40 tickets the seed opens (and no more).
    expect(await count('residents', "select count(*) as n from property where name = '翠湖花园'")).toBe(1);
    expect(await count('residents', 'select count(*) as n from unit')).toBe(324);
    expect(await count('tickets', 'select count(*) as n from ticket')).toBeGreaterThanOrEqual(40);
    expect(JSON.parse(readFileSync(join(dataDir, 'demo-seeding.json'), 'utf8'))).toMatchObject({ state: 'seeded', startedFresh: true });
    // The stack's events made anew for the new databases: the dropped demo's went with its stream,
    // and the consumers (which had read them) with it.
    const created = await streamCreated();
    expect(created.stream.getTime()).toBeGreaterThanOrEqual(secondStarted.getTime());
    expect(created.durables.length).toBeGreaterThan(0);
    expect(created.durables.every((at) => at >= secondStarted)).toBe(true);

    second.child.kill('SIGTERM');
    await stopped(second.child);
  }, 480_000);
});
