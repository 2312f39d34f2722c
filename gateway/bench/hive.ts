import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { childEnvironment } from './environment';

/** The Hive Gateway release measured against ours. */
export const HIVE_GATEWAY_VERSION = '2.15.1';

/**
 * Hive Gateway, installed on first use into `<toolsDir>` rather than as a dependency of the
 * repository: it needs newer @graphql-tools and @whatwg-node packages that want Node 22.15, and the
 * repository keeps every dependency on the Node it promises (see deploy/local/test/engines.test.ts).
 */
export function ensureHiveGateway(toolsDir: string, log: (line: string) => void): string {
  const bin = join(toolsDir, 'node_modules', '@graphql-hive', 'gateway', 'dist', 'bin.js');
  const installed = join(toolsDir, 'node_modules', '@graphql-hive', 'gateway', 'package.json');
  if (existsSync(installed) && (JSON.parse(readFileSync(installed, 'utf8')) as { version: string }).version === HIVE_GATEWAY_VERSION) return bin;
  log(`installing @graphql-hive/gateway@${HIVE_GATEWAY_VERSION} into ${toolsDir} (first run only, about a minute)…`);
  mkdirSync(toolsDir, { recursive: true });
  writeFileSync(join(toolsDir, 'package.json'), `${JSON.stringify({ name: 'bench-tools', private: true }, null, 2)}\n`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--engine-strict=false', `@graphql-hive/gateway@${HIVE_GATEWAY_VERSION}`], { cwd: toolsDir, stdio: ['ignore', 'ignore', 'inherit'] });
  return bin;
}

/**
 * A gateway.config.mjs doing per request what ours does: verify the caller's HS256 JWT once and
 * send each subgraph the identity signed with the identity secret (libs/identity/src/signing.ts),
 * so both gateways pay for authentication and the subgraphs answer both alike.
 */
function configSource(jwtSecret: string, identitySecret: string): string {
  return `import { createHmac } from 'node:crypto';

const JWT_SECRET = ${JSON.stringify(jwtSecret)};
const IDENTITY_SECRET = ${JSON.stringify(identitySecret)};
const verified = new WeakMap();

function identityOf(request) {
  if (verified.has(request)) return verified.get(request);
  let identity = null;
  const match = /^Bearer\\s+(\\S+)$/i.exec(request.headers.get('authorization') ?? '');
  if (match) {
    const [header, payload, signature] = match[1].split('.');
    const expected = createHmac('sha256', JWT_SECRET).update(header + '.' + payload).digest('base64url');
    if (signature === expected) {
      const { iat, exp, ...claims } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      if (!exp || exp * 1000 > Date.now()) identity = { kind: claims.roles.includes('RESIDENT') ? 'resident' : 'staff', propertyIds: [], ...claims };
    }
  }
  verified.set(request, identity);
  return identity;
}

function signIdentity(identity) {
  const payload = Buffer.from(JSON.stringify({ ...identity, iat: Date.now() })).toString('base64url');
  return payload + '.' + createHmac('sha256', IDENTITY_SECRET).update(payload).digest('base64url');
}

export const gatewayConfig = {
  propagateHeaders: {
    fromClientToSubgraphs({ request }) {
      const identity = identityOf(request);
      return identity ? { 'x-pm-identity': signIdentity(identity) } : {};
    },
  },
};
`;
}

export interface RunningHive {
  url: string;
  stop(): Promise<void>;
}

/** Starts Hive Gateway on `port` over `supergraphSdl`, with the same authentication as ours. */
export async function startHiveGateway(options: { bin: string; dir: string; port: number; supergraphSdl: string; jwtSecret: string; identitySecret: string; env?: NodeJS.ProcessEnv }): Promise<RunningHive> {
  mkdirSync(options.dir, { recursive: true });
  writeFileSync(join(options.dir, 'supergraph.graphql'), options.supergraphSdl);
  writeFileSync(join(options.dir, 'gateway.config.mjs'), configSource(options.jwtSecret, options.identitySecret), { mode: 0o600 });
  const child: ChildProcess = spawn(process.execPath, [options.bin, 'supergraph', 'supergraph.graphql', '--port', String(options.port), '--host', '127.0.0.1'], {
    cwd: options.dir,
    env: childEnvironment(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${options.port}/graphql`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Hive Gateway stopped:\n${output.slice(-2000)}`);
    const up = await fetch(`http://127.0.0.1:${options.port}/readiness`).then((r) => r.ok, () => false);
    if (up) break;
    if (Date.now() > deadline) throw new Error(`Hive Gateway did not become ready:\n${output.slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
