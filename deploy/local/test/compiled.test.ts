import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { dropDatabase } from '@pm/db';
import { IDENTITY_HEADER, Role, signIdentity } from '@pm/identity';
import { freePort, waitFor } from '@pm/infra';
import { testIdentity, testInfrastructure, testNamespace } from '@pm/testing';
import { parse } from 'yaml';

import { compileTo, workspaces } from '../src/compile';
import { DEPLOYABLES, KUBERNETES_DIR } from '../src/manifests';

const ROOT = join(__dirname, '..', '..', '..');

/** node_modules as `npm ci` lays it out in the image: the packages, and each workspace linked to its compiled folder. */
function linkModules(out: string): void {
  const modules = join(out, 'node_modules');
  mkdirSync(join(modules, '@pm'), { recursive: true });
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    if (entry !== '@pm') symlinkSync(join(ROOT, 'node_modules', entry), join(modules, entry));
  }
  for (const link of readdirSync(join(ROOT, 'node_modules', '@pm'))) symlinkSync(readlinkSync(join(ROOT, 'node_modules', '@pm', link)), join(modules, '@pm', link));
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.name === 'node_modules' ? [] : e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

/**
 * Issue 16: the production image runs compiled JavaScript (no transpiler at run time). The build
 * the Dockerfile runs is run here, and the tickets service is migrated and started from its output
 * with plain `node`, as the Kubernetes Job and Deployment do.
 */
describe('the compiled build the image runs', () => {
  let out: string;
  let service: ChildProcess | undefined;
  const database = `pm_test_compiled_${randomBytes(3).toString('hex')}`;
  const secret = randomBytes(24).toString('hex');
  const { databaseUrl, natsUrl } = testInfrastructure();

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'pm-compiled-'));
    compileTo(out);
    linkModules(out);
  });

  afterAll(async () => {
    service?.kill('SIGKILL');
    await dropDatabase(databaseUrl, database).catch(() => undefined);
    rmSync(out, { recursive: true, force: true });
  });

  it('holds JavaScript only, every entry point the manifests and compose name, and the assets the gateway reads', () => {
    const written = files(out).map((f) => f.slice(out.length + 1));
    expect(written.filter((f) => f.endsWith('.ts'))).toEqual([]);
    const entries = [
      ...DEPLOYABLES.map((d) => d.entry),
      ...['tickets', 'residents', 'renovation', 'parking', 'surveys'].map((s) => `services/${s}/src/migrate.js`),
      'gateway/src/migrate.js',
    ];
    const compose = readFileSync(join(ROOT, 'deploy', 'compose.yaml'), 'utf8');
    const job = readFileSync(join(KUBERNETES_DIR, 'migrate.yaml'), 'utf8');
    for (const entry of entries) {
      expect([entry, existsSync(join(out, entry))]).toEqual([entry, true]);
      if (entry.endsWith('main.js')) expect(compose).toContain(entry);
    }
    expect(job).toContain('services/$s/src/migrate.js up');
    expect(written).toEqual(expect.arrayContaining(['gateway/supergraph.graphql', 'gateway/schema.graphql']));
    for (const workspace of workspaces()) {
      const main = JSON.parse(readFileSync(join(out, workspace, 'package.json'), 'utf8')).main as string | undefined;
      if (main) expect([workspace, existsSync(join(out, workspace, main))]).toEqual([workspace, true]);
    }
    expect(parse(compose)).toBeTruthy();
  });

  it('migrates and serves the tickets service with plain node, as the Job and the Deployment run it', async () => {
    const env = {
      PATH: process.env.PATH, NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST: '127.0.0.1', IDENTITY_SECRET: secret,
      DATABASE_URL: databaseUrl, DATABASE_NAME: database, NATS_URL: natsUrl, EVENT_NAMESPACE: testNamespace(), CONSUMER_NAME: database, CONSUMER_INACTIVE_SECONDS: '60',
      CONSUMER_START_AT: new Date().toISOString(),
    };
    const migrate = spawnSync(process.execPath, ['services/tickets/src/migrate.js', 'up'], { cwd: out, env, encoding: 'utf8', timeout: 60_000 });
    expect([migrate.status, migrate.stderr]).toEqual([0, '']);

    const port = await freePort();
    const internal = await freePort();
    service = spawn(process.execPath, ['services/tickets/src/main.js'], { cwd: out, env: { ...env, MIGRATE_ON_BOOT: 'false', PORT: String(port), INTERNAL_PORT: String(internal) }, stdio: 'ignore' });
    const ready = await waitFor(async () => (await fetch(`http://127.0.0.1:${internal}/readyz`).catch(() => undefined))?.status === 200, 60_000, 250);
    expect(ready).toBe(true);
    const identity = signIdentity(testIdentity(Role.FRONT_DESK), secret);
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identity },
      body: JSON.stringify({ query: '{ tickets(filter: { propertyId: "01a20000-0000-7000-8000-000000000001" }, first: 1) { totalCount } }' }),
    });
    expect(await response.json()).toEqual({ data: { tickets: { totalCount: 0 } } });
  });
});
