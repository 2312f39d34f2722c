import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from 'pg';

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
      env: { ...process.env, GATEWAY_PORT: String(PORT), SERVICE_PORT_BASE: String(PORT + 1), DATABASE_PREFIX: PREFIX, PM_DATA_DIR: dataDir, LOG_LEVEL: 'warn', FORCE_COLOR: '0' },
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

  it('SIGTERM to the top process stops every child and ends with "stopped."', async () => {
    const exited = new Promise<number | null>((resolve) => stack.once('exit', (code) => resolve(code)));
    stack.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stripColours(output)).toMatch(/stopped\.\n?$/);
    const gateway = await fetch(`http://127.0.0.1:${PORT}/graphql`).then(() => 'up', () => 'down');
    expect(gateway).toBe('down');
  });
});
