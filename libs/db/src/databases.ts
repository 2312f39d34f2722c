import { Client } from 'pg';

const SAFE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function assertSafeName(name: string): void {
  if (!SAFE_NAME.test(name)) throw new Error(`Database name ${JSON.stringify(name)} must match ${SAFE_NAME}`);
}

/** `serverUrl` with its database replaced by `dbName`. */
export function databaseUrl(serverUrl: string, dbName: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  return url.toString();
}

async function withAdminClient<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates `dbName` on the server unless it exists; safe when several processes race to do it. */
export async function ensureDatabase(serverUrl: string, dbName: string): Promise<boolean> {
  assertSafeName(dbName);
  return withAdminClient(serverUrl, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE "${dbName}"`);
      return true;
    } catch (error) {
      // 42P04 duplicate_database, 23505 a concurrent CREATE won the race.
      const code = (error as { code?: string }).code;
      if (code === '42P04' || code === '23505') return false;
      throw error;
    }
  });
}

/** Drops `dbName`, disconnecting whoever is still connected. */
export async function dropDatabase(serverUrl: string, dbName: string): Promise<void> {
  assertSafeName(dbName);
  await withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
}
