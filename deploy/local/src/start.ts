import 'reflect-metadata';

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { type FoundNats, type FoundPostgres, findNats, findPostgres } from '@pm/infra';
import { defaultInternalPort, type LocalStack } from '@pm/runtime';

import { childEnvironment, loadLocalEnvironment, localSecrets } from './environment';
import { bold, cyan, dim, red, Steps } from './progress';
import { assertPortFree, DATA_DIR, type Managed, ROOT, startNode, stopAll, waitReady } from './processes';
import { DEMO_PROPERTY, findDemoProperty, seedDemo, SHOWCASE_UNIT } from './seed';
import { deleteEventStream, existingDatabases, forgetStack, interruptedSeeding, readSeedingMark, serverOf, type SeedingMark, writeSeedingMark } from './stack-state';
import { assistantTokens, demoTokens, managerToken } from './tokens';

const env = { ...loadLocalEnvironment(), ...localSecrets(loadLocalEnvironment(), DATA_DIR) };
const SERVICES: [name: string, port: number][] = ['tickets', 'residents', 'renovation', 'parking', 'surveys'].map((name, i) => [name, env.SERVICE_PORT_BASE + i]);
/** Each service's own database (its events are the stack's namespace, EVENT_NAMESPACE below). */
const database = (name: string) => ({ DATABASE_NAME: `${env.DATABASE_PREFIX}_${name}` });
/** Every database of the stack, by its name after the prefix. */
const DATABASES = [...SERVICES.map(([name]) => name), 'gateway'];
const children: Managed[] = [];
let postgres: FoundPostgres | undefined;
let nats: FoundNats | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    process.stdout.write(`\n${dim('stopping…')}\n`);
    await stopAll(children);
    await nats?.stop();
    await postgres?.stop();
    process.stdout.write(`${dim('stopped.')}\n`);
  }
  process.exit(code);
}

/** The demo integrator key, kept in .data/ so it survives restarts (only its hash is in the database). */
async function integratorKey(gatewayUrl: string, serviceEnv: NodeJS.ProcessEnv, propertyId: string): Promise<string> {
  // (`demo-api-key` held an all-properties key of earlier versions; this one is the demo property's only.)
  const file = join(DATA_DIR, 'demo-integrator-key');
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    const response = await fetch(gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: '{"query":"{ __typename }"}' });
    if (response.status === 200) return key;
  }
  const output = execFileSync(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'gateway/src/api-keys/cli.ts'), 'create', '--name', 'Demo integrator', '--scopes', 'tickets:read,residents:read,renovation:read,parking:read,surveys:read', '--properties', propertyId, '--json'], { cwd: ROOT, env: { ...serviceEnv, ...database('gateway') }, encoding: 'utf8' });
  const { key } = JSON.parse(output) as { key: string };
  mkdirSync(DATA_DIR, { recursive: true });
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}

/** Whether gateway/web/dist is newer than every source of the pages. */
function webPagesUpToDate(): boolean {
  const web = join(ROOT, 'gateway/web');
  const built = join(web, 'dist/board.html');
  if (!existsSync(built)) return false;
  const builtAt = statSync(built).mtimeMs;
  const newest = (dir: string): number => readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.name !== 'dist' && entry.name !== 'node_modules')
    .reduce((latest, entry) => Math.max(latest, entry.isDirectory() ? newest(join(dir, entry.name)) : statSync(join(dir, entry.name)).mtimeMs), 0);
  return newest(web) <= builtAt;
}

/**
 * What the stack's past means for this start: a first seeding that was interrupted is started over
 * (its databases and events dropped) when asked to; otherwise it is reported, and kept from ever
 * being dropped once the platform runs without it. `fresh`: the stack has no databases, so the
 * events its stream still holds (of databases since dropped) are dropped too, consumers and all:
 * its read-models start from its first event without taking in a past that is no longer there.
 */
async function reckonWithThePast(steps: Steps, mark: SeedingMark | undefined, startOver: boolean): Promise<{ interrupted?: SeedingMark; fresh: boolean }> {
  let interrupted = interruptedSeeding(mark, env.DATABASE_PREFIX, postgres!.url) ? mark : undefined;
  if (startOver) {
    await steps.run(`starting over: seeding ${DEMO_PROPERTY} was interrupted (${interrupted?.startedAt ?? 'on another server'})`, async () => {
      if (!interrupted) return false;
      await forgetStack(postgres!.url, nats!.url, await existingDatabases(postgres!.url, env.DATABASE_PREFIX, DATABASES), env.DATABASE_PREFIX);
      interrupted = undefined;
      return true;
    }, (done) => (done ? 'its half-seeded databases dropped' : 'skipped'));
  } else if (interrupted?.startedFresh) {
    // Not started over now (SEED_DEMO is off): what is entered from here on is the user's, never to be dropped.
    writeSeedingMark(DATA_DIR, { ...interrupted, startedFresh: false });
  }
  const fresh = (await existingDatabases(postgres!.url, env.DATABASE_PREFIX, DATABASES)).length === 0;
  if (fresh) await deleteEventStream(nats!.url, env.DATABASE_PREFIX);
  return { interrupted, fresh };
}

async function main(): Promise<void> {
  process.stdout.write(`${bold('Property desk')}: starting the whole platform on this machine\n\n`);
  // A first start interrupted while seeding the demo is started over (stack-state.ts).
  const mark = readSeedingMark(DATA_DIR);
  const startOver = env.SEED_DEMO && mark?.state === 'seeding' && mark.startedFresh && mark.databasePrefix === env.DATABASE_PREFIX;
  const steps = new Steps(7 + (env.SEED_DEMO ? 1 : 0) + (startOver ? 1 : 0));
  postgres = await steps.run('PostgreSQL', () => findPostgres({ url: env.DATABASE_URL, dataDir: join(DATA_DIR, 'postgres'), log: (l) => process.stdout.write(`\n  ${dim(l)}`) }), (pg) => `${pg.source} (${new URL(pg.url).host})`);
  nats = await steps.run('NATS JetStream', () => findNats({ url: env.NATS_URL, dataDir: join(DATA_DIR, 'nats') }), (n) => `${n.source} (${n.url})`);

  // For command-line tools run beside this stack (api-key, import:residents): where it keeps its data.
  mkdirSync(DATA_DIR, { recursive: true });
  writeFileSync(join(DATA_DIR, 'stack.json'), `${JSON.stringify({ DATABASE_URL: postgres.url, NATS_URL: nats.url, DATABASE_PREFIX: env.DATABASE_PREFIX, EVENT_NAMESPACE: env.DATABASE_PREFIX, GATEWAY_URL: `http://127.0.0.1:${env.GATEWAY_PORT}/graphql` } satisfies LocalStack, null, 2)}\n`, { mode: 0o600 });
  const { interrupted, fresh } = await reckonWithThePast(steps, mark, startOver);
  const serviceEnv = childEnvironment({
    DATABASE_URL: postgres.url,
    NATS_URL: nats.url,
    EVENT_NAMESPACE: env.DATABASE_PREFIX,
    IDENTITY_SECRET: env.IDENTITY_SECRET,
    JWT_SECRET: env.JWT_SECRET,
    LOG_LEVEL: env.LOG_LEVEL,
  });
  for (const [name, port] of [...SERVICES, ['gateway', env.GATEWAY_PORT] as [string, number]]) {
    await assertPortFree(name, port);
    await assertPortFree(`${name} (operators' port: health, metrics)`, defaultInternalPort(port));
  }

  await steps.run('subgraphs: databases, migrations, servers', async () => {
    for (const [name, port] of SERVICES) children.push(startNode(name, `services/${name}/src/main.ts`, port, { ...serviceEnv, ...database(name), PORT: String(port) }, { semiSpaceMb: env.NODE_SEMI_SPACE_MB }));
    await Promise.all(children.map((child) => waitReady(child)));
  }, () => SERVICES.map(([name, port]) => `${name}:${port}`).join(' '));

  // The board, desk and explorer pages: bundled when missing or older than their sources (seconds);
  // type generation and checks run in `nx run web:build` and CI. A fresh bundle is never rebuilt
  // under a gateway that is serving it.
  await steps.run('web pages', async () => {
    if (!webPagesUpToDate()) execFileSync(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'gateway/web/build.ts')], { cwd: ROOT, stdio: 'ignore' });
  }, () => '/board /desk /explorer');

  const gatewayUrl = `http://127.0.0.1:${env.GATEWAY_PORT}/graphql`;
  await steps.run('gateway', async () => {
    const gateway = startNode('gateway', 'gateway/src/main.ts', env.GATEWAY_PORT, {
      ...serviceEnv,
      ...database('gateway'),
      PORT: String(env.GATEWAY_PORT),
      ...Object.fromEntries(SERVICES.map(([name, port]) => [`${name.toUpperCase()}_URL`, `http://127.0.0.1:${port}/graphql`])),
    }, { semiSpaceMb: env.NODE_SEMI_SPACE_MB });
    children.push(gateway);
    await waitReady(gateway);
  }, () => gatewayUrl);

  for (const child of children) {
    child.child.once('exit', (code) => {
      if (stopping) return;
      process.stdout.write(`\n${red(`${child.name} stopped unexpectedly (exit ${code}); see ${child.logFile}`)}\n`);
      void shutdown(1);
    });
  }

  const manager = managerToken(env.JWT_SECRET);
  let propertyId = await steps.run('demo property', () => findDemoProperty(gatewayUrl, manager), (id) => {
    if (!id) return 'not seeded yet';
    if (!interrupted) return `${DEMO_PROPERTY} already seeded`;
    return `${DEMO_PROPERTY} only partly seeded: seeding was interrupted ${interrupted.startedAt} (not started over: ${interrupted.startedFresh ? 'SEED_DEMO is off' : 'this platform held other data'})`;
  });
  if (env.SEED_DEMO && !propertyId) {
    const seeding: SeedingMark = { state: 'seeding', startedAt: new Date().toISOString(), databasePrefix: env.DATABASE_PREFIX, databaseServer: serverOf(postgres.url), startedFresh: fresh };
    writeSeedingMark(DATA_DIR, seeding);
    propertyId = await steps.run(`seeding ${DEMO_PROPERTY} (324 units, residents, tickets, parking, renovations, surveys, visits)`, () => seedDemo(gatewayUrl, manager, (p) => assistantTokens(env.JWT_SECRET, p)), () => 'done');
    writeSeedingMark(DATA_DIR, { ...seeding, state: 'seeded', propertyId });
  } else if (env.SEED_DEMO) {
    await steps.run('seeding', async () => undefined, () => 'skipped (already there)');
  }

  const apiKey = propertyId ? await steps.run('integrator API key', () => integratorKey(gatewayUrl, serviceEnv, propertyId), () => `ready (${DEMO_PROPERTY} only)`) : undefined;
  await printWelcome(gatewayUrl, propertyId, apiKey, manager);
}

async function printWelcome(gatewayUrl: string, propertyId: string | undefined, apiKey: string | undefined, manager: string): Promise<void> {
  const unitCode = SHOWCASE_UNIT;
  const tokens = propertyId ? await demoTokens(gatewayUrl, env.JWT_SECRET, propertyId, unitCode) : [['PROJECT_MANAGER', manager] as [string, string]];
  const line = '─'.repeat(72);
  process.stdout.write(`\n${line}\n${bold('Gateway')}  ${cyan(gatewayUrl)}   (subscriptions: ${gatewayUrl.replace('http', 'ws')})\n`);
  if (propertyId) process.stdout.write(`${bold('Demo property')}  ${DEMO_PROPERTY}  id ${propertyId}\n`);
  process.stdout.write(`\n${bold('Tokens')} (send as  Authorization: Bearer <token>; valid 12 h, restart for new ones)\n`);
  for (const [role, token] of tokens) process.stdout.write(`  ${role.padEnd(16)} ${token}\n`);
  if (apiKey) process.stdout.write(`  ${'INTEGRATOR'.padEnd(16)} x-api-key: ${apiKey}\n`);
  const frontDesk = tokens.find(([role]) => role === 'FRONT_DESK')?.[1] ?? manager;
  const query = `query { unitByCode(propertyId: "${propertyId ?? '<property id>'}", code: "${unitCode}") { code occupancy residents { name kind } tickets { totalCount } renovations { status } parkingLeases { plate } } }`;
  process.stdout.write(`\n${bold('Try it')}\n  curl -s ${gatewayUrl} -H 'content-type: application/json' \\\n    -H 'authorization: Bearer ${frontDesk}' \\\n    -d '${JSON.stringify({ query })}'\n`);
  const origin = gatewayUrl.replace(/\/graphql$/, '');
  process.stdout.write(`\n${bold('In a browser')} (these links sign you in)\n  Board  ${cyan(`${origin}/board#token=${tokens.find(([role]) => role === 'SUPERVISOR')?.[1] ?? manager}`)}\n  Desk   ${cyan(`${origin}/desk#token=${frontDesk}`)}\n`);
  process.stdout.write(`\nLogs: ${relative(process.cwd(), join(DATA_DIR, 'logs')) || '.'}/<service>.log    Stop: Ctrl-C\n${line}\n`);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch(async (error: unknown) => {
  process.stderr.write(`\n${red(error instanceof Error ? error.message : String(error))}\n`);
  await shutdown(1);
});
