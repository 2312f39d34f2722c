import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { databaseUrl, dropDatabase } from '@pm/db';
import { connectNats, STREAM } from '@pm/events';
import { Client } from 'pg';

/**
 * What `npm start` knows of a stack's past before it starts it: which of its databases exist and
 * whether its demo was seeded to the end. A first start that is interrupted while seeding (Ctrl-C,
 * a closed terminal) left a half-seeded demo that every later start took for seeded, because the
 * demo property was there: now the seeding is marked in the data directory while it runs, and the
 * next start of a stack that held nothing else starts over.
 */

/** `<dataDir>/demo-seeding.json`, written when seeding begins and replaced when it ends. */
export interface SeedingMark {
  state: 'seeding' | 'seeded';
  /** When seeding began (ISO). */
  startedAt: string;
  databasePrefix: string;
  /** The PostgreSQL server (host and port) the stack's databases are on. */
  databaseServer: string;
  /** Whether the stack's databases were created by the start that seeded (they held nothing before): only then may a later start drop them. */
  startedFresh: boolean;
  propertyId?: string;
}

const markFile = (dataDir: string) => join(dataDir, 'demo-seeding.json');

export const serverOf = (databaseUrl: string): string => new URL(databaseUrl).host;

export function readSeedingMark(dataDir: string): SeedingMark | undefined {
  const file = markFile(dataDir);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SeedingMark;
  } catch {
    return undefined;
  }
}

export function writeSeedingMark(dataDir: string, mark: SeedingMark): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(markFile(dataDir), `${JSON.stringify(mark, null, 2)}\n`);
}

export function clearSeedingMark(dataDir: string): void {
  rmSync(markFile(dataDir), { force: true });
}

/** Whether `mark` records an unfinished seeding of this stack (same prefix, same server). */
export function interruptedSeeding(mark: SeedingMark | undefined, databasePrefix: string, databaseUrl: string): mark is SeedingMark {
  return mark?.state === 'seeding' && mark.databasePrefix === databasePrefix && mark.databaseServer === serverOf(databaseUrl);
}

/** The stack's databases (`<prefix>_<name>`) that exist on the server. */
export async function existingDatabases(serverUrl: string, databasePrefix: string, names: readonly string[]): Promise<string[]> {
  const client = new Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('select datname from pg_database where datname = any($1::text[]) order by datname', [names.map((n) => `${databasePrefix}_${n}`)]);
    return rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
}

/**
 * Deletes the durable consumers of these consumer names (`<name>__<subject>`, as libs/events names
 * them), so the next ones are made anew where the services are told to start. Other stacks'
 * consumers on the same NATS are left alone. How many were deleted (none if there is no stream yet).
 */
export async function deleteDurables(natsUrl: string, consumerNames: readonly string[]): Promise<number> {
  const nc = await connectNats(natsUrl, 'npm-start');
  try {
    const jsm = await nc.jetstreamManager();
    const owned: string[] = [];
    try {
      for await (const consumer of jsm.consumers.list(STREAM)) {
        // The server lists a consumer it is removing (an ephemeral one whose client left) as null.
        if (consumer && consumerNames.some((name) => consumer.name.startsWith(`${name}__`))) owned.push(consumer.name);
      }
    } catch (error) {
      if (/stream not found/i.test(String(error))) return 0;
      throw error;
    }
    for (const name of owned) await jsm.consumers.delete(STREAM, name);
    return owned.length;
  } finally {
    await nc.close();
  }
}

/** Drops the stack's databases, then its durable consumers: what a start-over forgets. */
export async function forgetStack(serverUrl: string, natsUrl: string, databases: readonly string[], consumerNames: readonly string[]): Promise<void> {
  for (const name of databases) await dropDatabase(serverUrl, name);
  await deleteDurables(natsUrl, consumerNames);
}
