import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from 'pg';

import { deleteEventStream } from '../src/stack-state';

const ROOT = join(__dirname, '..', '..', '..');
/** A second stack beside any a developer runs: its own ports, databases and data directory. */
const PORT = 14_000;
const PREFIX = `pm_readme_${process.pid}`;
const stripColours = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

/** The README's GraphQL examples, in order. */
function readmeExamples(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/** The README's shell commands that call the gateway with curl (a command continued with `\` is one). */
function readmeCurlCommands(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/```bash\n([\s\S]*?)```/g)]
    .flatMap((m) => m[1].replace(/\\\n\s*/g, ' ').split('\n'))
    .filter((line) => /^curl /.test(line));
}

/** Runs a CLI beside the stack as a newcomer would (`npm run …`), finding it through PM_DATA_DIR. */
function npmRun(dataDir: string, args: string[], input?: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, PM_DATA_DIR: dataDir, FORCE_COLOR: '0' };
  for (const name of ['DATABASE_URL', 'NATS_URL', 'DATABASE_NAME', 'GATEWAY_URL']) delete env[name];
  const run = spawnSync('npm', ['run', '--silent', ...args], { cwd: ROOT, encoding: 'utf8', input, timeout: 30_000, env });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

async function post<T = Record<string, unknown>>(token: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`http://127.0.0.1:${PORT}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: T; errors?: { message: string }[] };
}

/**
 * The README as a newcomer meets it (issue 15): `npm start` on this machine, then every GraphQL
 * example pasted as written (placeholders filled from the demo data), the printed "Try it" command,
 * the browser links, and a SIGTERM to the top process stopping everything.
 */
describe('the README against the demo stack', () => {
  let stack: ChildProcess;
  let output = '';
  let dataDir: string;
  const tokens = new Map<string, string>();
  let propertyId: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pm-readme-'));
    stack = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'deploy/local/src/start.ts')], {
      cwd: ROOT,
      env: {
        // Its prefix names its databases and its events' stream on NATS, both dropped after it.
        ...process.env, GATEWAY_PORT: String(PORT), SERVICE_PORT_BASE: String(PORT + 1), DATABASE_PREFIX: PREFIX, PM_DATA_DIR: dataDir, LOG_LEVEL: 'warn', FORCE_COLOR: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    stack.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    stack.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 150_000;
    while (!/Logs: /.test(output)) {
      if (Date.now() > deadline || stack.exitCode !== null) throw new Error(`npm start did not come up:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    output = stripColours(output);
    for (const match of output.matchAll(/^ {2}([A-Z_]+) +(eyJ\S+)$/gm)) tokens.set(match[1], match[2]);
    propertyId = /Demo property +\S+ +id ([0-9a-f-]{36})/.exec(output)![1];
  }, 180_000);

  afterAll(async () => {
    if (stack && stack.exitCode === null) stack.kill('SIGKILL');
    const pg = new Client({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
    await pg.connect();
    const { rows } = await pg.query<{ datname: string }>('select datname from pg_database where datname like $1', [`${PREFIX}_%`]);
    for (const { datname } of rows) await pg.query(`drop database if exists "${datname}" with (force)`);
    await pg.end();
    await deleteEventStream(process.env.NATS_URL ?? 'nats://127.0.0.1:4222', PREFIX);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints a token for every role and links that open the board and the desk', async () => {
    expect([...tokens.keys()]).toEqual(expect.arrayContaining(['FRONT_DESK', 'SUPERVISOR', 'ENGINEER', 'SECURITY', 'CASHIER', 'PROJECT_MANAGER', 'RESIDENT']));
    for (const page of ['board', 'desk']) {
      const link = new RegExp(`(http://127\\.0\\.0\\.1:${PORT}/${page})#token=`).exec(output);
      expect(link).not.toBeNull();
      const response = await fetch(link![1]);
      expect([response.status, response.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    }
  });

  it('the "Try it" command runs as printed', async () => {
    const tryIt = /Try it\n\s+curl -s (\S+) -H 'content-type: application\/json' \\\n\s+-H 'authorization: (Bearer \S+)' \\\n\s+-d '(.*)'\n/.exec(output);
    expect(tryIt).not.toBeNull();
    const response = await fetch(tryIt![1], { method: 'POST', headers: { 'content-type': 'application/json', authorization: tryIt![2] }, body: tryIt![3] });
    const body = (await response.json()) as { data?: { unitByCode: { code: string } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data!.unitByCode.code).toBe('1-1-101');
  });

  it('every GraphQL example of the README runs as written, placeholders filled from the demo', async () => {
    const manager = tokens.get('PROJECT_MANAGER')!;
    const { data } = await post<{ unitByCode: { id: string; residents: { id: string; kind: string }[] }; surveys: { edges: { node: { id: string; status: string } }[] } }>(manager,
      'query($p: ID!) { unitByCode(propertyId: $p, code: "1-1-101") { id residents { id kind } } surveys(propertyId: $p) { edges { node { id status } } } }', { p: propertyId });
    const fill: Record<string, string> = {
      '<property>': propertyId,
      '<unit id>': data!.unitByCode.id,
      '<resident id>': data!.unitByCode.residents.find((r) => r.kind === 'OWNER')!.id,
      '<survey>': data!.surveys.edges.find((e) => e.node.status === 'PUBLISHED')!.node.id,
    };
    const examples = readmeExamples();
    expect(examples.length).toBeGreaterThanOrEqual(8);
    const failures: string[] = [];
    for (const example of examples.filter((e) => !/^\s*subscription\b/m.test(e))) {
      const document = Object.entries(fill).reduce((text, [placeholder, value]) => text.replaceAll(placeholder, value), example);
      expect(document).not.toMatch(/<[a-z ]+>/);
      const operations = [...document.matchAll(/^(query|mutation)\s+(\w+)/gm)].map((m) => m[2]);
      for (const operationName of operations.length > 1 ? operations : [undefined]) {
        const response = await fetch(`http://127.0.0.1:${PORT}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${manager}` }, body: JSON.stringify({ query: document, operationName }) });
        const body = (await response.json()) as { errors?: { message: string }[] };
        if (body.errors) failures.push(`${example.trim().split('\n')[0]} (${operationName ?? 'only operation'}): ${body.errors.map((e) => e.message).join('; ')}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('every curl command of the README runs as written: the reports arrive as CSV (and SVG), the query answers', async () => {
    const manager = tokens.get('PROJECT_MANAGER')!;
    const { data } = await post<{ surveys: { edges: { node: { id: string; status: string } }[] } }>(manager, 'query($p: ID!) { surveys(propertyId: $p) { edges { node { id status } } } }', { p: propertyId });
    const surveyId = data!.surveys.edges.find((e) => e.node.status === 'PUBLISHED')!.node.id;
    const commands = readmeCurlCommands();
    expect(commands.length).toBeGreaterThanOrEqual(9);
    const failures: string[] = [];
    for (const command of commands) {
      const dir = mkdtempSync(join(tmpdir(), 'pm-readme-curl-'));
      const line = command.replaceAll('127.0.0.1:4000', `127.0.0.1:${PORT}`).replaceAll('<property>', propertyId).replaceAll('<survey>', surveyId);
      const run = spawnSync('bash', ['-c', line], { cwd: dir, encoding: 'utf8', env: { ...process.env, TOKEN: manager } });
      const files = readdirSync(dir);
      const body = files.length ? readFileSync(join(dir, files[0]), 'utf8') : run.stdout;
      const saved = /-OJ "[^"]*\/reports\/([\w-]+)\.(csv|svg)/.exec(line);
      if (run.status !== 0) failures.push(`${command}: curl exited ${run.status} ${run.stderr}`);
      else if (saved && !(files.length === 1 && files[0].endsWith(`.${saved[2]}`) && body.startsWith('\uFEFF') && body.split('\n').length > 1)) failures.push(`${command}: saved ${files.join(', ') || 'nothing'}: ${body.slice(0, 120)}`);
      else if (!saved && !/"data":\{"properties":\[\{"id"/.test(body)) failures.push(`${command}: ${body.slice(0, 200)}`);
      rmSync(dir, { recursive: true, force: true });
    }
    expect(failures).toEqual([]);
  });

  it('npm run api-key and npm run import:residents find the stack by themselves (its embedded or second database included)', async () => {
    const created = npmRun(dataDir, ['api-key', '-w', 'gateway', '--', 'create', '--name', 'README 集成商', '--scopes', 'tickets:read', '--properties', propertyId]);
    expect(created).toMatchObject({ code: 0, stdout: expect.stringMatching(/^API key \S+ for README 集成商/) });
    const key = created.stdout.trim().split('\n').pop()!;
    const asIntegrator = (k: string) => fetch(`http://127.0.0.1:${PORT}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': k }, body: JSON.stringify({ query: 'query($p: ID!) { tickets(filter: { propertyId: $p }, first: 1) { edges { node { number } } } }', variables: { p: propertyId } }) }).then((r) => r.json() as Promise<{ data?: unknown; errors?: { extensions: { code: string } }[] }>);
    expect((await asIntegrator(key)).errors).toBeUndefined();
    const id = /API key (\S+) for/.exec(created.stdout)![1];
    expect(npmRun(dataDir, ['api-key', '-w', 'gateway', '--', 'revoke', '--id', id])).toMatchObject({ code: 0, stdout: expect.stringContaining(`revoked ${id}`) });
    expect((await asIntegrator(key)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');

    const csv = join(dataDir, 'units.csv');
    writeFileSync(csv, 'building,unit,floor,usage,occupancy,resident_name,resident_kind,phone,id_number\n9栋,9-1-101,1,HOME,VACANT,韩梅梅,OWNER,13800001111,\n9栋,9-1-102,1,HOME,,,,,\n');
    const dryRun = npmRun(dataDir, ['import:residents', '--', '--property', propertyId, '--dry-run', csv]);
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toMatch(/checked \(dry run, nothing written\): 2 rows → 1 new buildings, 2 units, 1 residents/);
  });

  it('npm run board follows the stack’s changes at China’s clock, says why a bad token is refused, and prints where to resume', async () => {
    const frontDesk = tokens.get('FRONT_DESK')!;
    const refused = npmRun(dataDir, ['board', '--', '--token', 'not-a-token', '--property', propertyId]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/board refused \(44(01|03)\)/);

    // Its own process group, like a terminal's foreground job: Ctrl-C reaches npm and the board alike.
    const board = spawn('npm', ['run', '--silent', 'board', '--', '--token', frontDesk, '--property', propertyId], { cwd: ROOT, env: { ...process.env, PM_DATA_DIR: dataDir, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let seen = '';
    board.stdout!.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    board.stderr!.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    const waitFor = async (pattern: RegExp) => {
      const deadline = Date.now() + 20_000;
      while (!pattern.test(seen)) {
        if (Date.now() > deadline) throw new Error(`the board never printed ${pattern}:\n${seen}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    try {
      await waitFor(/watching ticket changes/);
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // subscribed
      const { data } = await post<{ unitByCode: { id: string; residents: { id: string }[] } }>(frontDesk, 'query($p: ID!) { unitByCode(propertyId: $p, code: "1-1-101") { id residents { id } } }', { p: propertyId });
      const opened = await post<{ openTicket: { number: string; createdAt: string } }>(frontDesk, 'mutation($p: ID!, $u: ID!, $r: ID!) { openTicket(input: { propertyId: $p, kind: REPAIR, unitId: $u, reporterId: $r, channel: PHONE, title: "README 看板测试", description: "水龙头漏水" }) { number createdAt } }', { p: propertyId, u: data!.unitByCode.id, r: data!.unitByCode.residents[0].id });
      expect(opened.errors).toBeUndefined();
      const { number, createdAt } = opened.data!.openTicket;
      const chinaTime = new Date(Date.parse(createdAt) + 8 * 3_600_000).toISOString().slice(11, 16);
      await waitFor(new RegExp(`${chinaTime}:\\d\\d  ${number}  opened +REPAIR .* 1-1-101 .* README 看板测试`));
    } finally {
      process.kill(-board.pid!, 'SIGINT');
    }
    await new Promise((resolve) => board.once('exit', resolve));
    expect(seen).toMatch(/resume with --after \S+/);
  }, 90_000);

  it('SIGTERM to the top process stops every child and ends with "stopped."', async () => {
    const exited = new Promise<number | null>((resolve) => stack.once('exit', (code) => resolve(code)));
    stack.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stripColours(output)).toMatch(/stopped\.\n?$/);
    const gateway = await fetch(`http://127.0.0.1:${PORT}/graphql`).then(() => 'up', () => 'down');
    expect(gateway).toBe('down');
  });
});
