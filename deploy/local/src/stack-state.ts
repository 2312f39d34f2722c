import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { databaseUrl, dropDatabase } from '@pm/db';
import { connectNats, EventSpace } from '@pm/events';
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
 * Deletes the stack's event stream (`<PREFIX>_EVENTS`) and with it every consumer on it: the events
 * of databases that are gone. Other stacks' streams on the same NATS are left alone. Whether there was one.
 */
export async function deleteEventStream(natsUrl: string, namespace: string): Promise<boolean> {
  const nc = await connectNats(natsUrl, 'npm-start');
  try {
    return await new EventSpace(namespace).deleteStream(await nc.jetstreamManager());
  } finally {
    await nc.close();
  }
}

/** Drops the stack's databases, then its events: what a start-over forgets. */
export async function forgetStack(serverUrl: string, natsUrl: string, databases: readonly string[], namespace: string): Promise<void> {
  for (const name of databases) await dropDatabase(serverUrl, name);
  await deleteEventStream(natsUrl, namespace);
}
