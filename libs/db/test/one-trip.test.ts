import 'reflect-metadata';

import { randomBytes } from 'node:crypto';

import { Entity, MikroORM, PostgreSqlDriver, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { Client } from 'pg';

import { databaseUrl, dropDatabase, ensureDatabase } from '../src/databases';
import { enableFewerTrips, writeInFewerTrips } from '../src/one-trip';
import { countQueries, withQueryCount } from '../src/query-count';

@Entity({ tableName: 'note' })
class Note {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property()
  text!: string;
}

@Entity({ tableName: 'note_log' })
class NoteLog {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property()
  noteId!: string;
}

const id = (n: number) => `01a20000-0000-7000-8000-${String(n).padStart(12, '0')}`;

/** Every message the pg driver sends (a round trip each): what the hold-back is meant to cut. */
function countTrips() {
  const trips: string[] = [];
  const query = Client.prototype.query;
  const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
    const config = args[0] as string | { text: string };
    trips.push(typeof config === 'string' ? config : config.text);
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as never);
  return { trips, restore: () => spy.mockRestore() };
}

/**
 * Issue 14: a transaction's BEGIN and plain inserts wait for the next statement that needs an
 * answer, so opening a ticket costs two round trips instead of five, with the same all-or-nothing.
 */
describe('writeInFewerTrips', () => {
  const dbName = `pm_test_db_trips_${randomBytes(4).toString('hex')}`;
  let orm: MikroORM;

  beforeAll(async () => {
    const server = process.env.DATABASE_URL!;
    await ensureDatabase(server, dbName);
    // One connection: a connection left inside a failed transaction would break the next test.
    orm = await MikroORM.init({ driver: PostgreSqlDriver, clientUrl: databaseUrl(server, dbName), entities: [Note, NoteLog], allowGlobalContext: false, debug: false, pool: { min: 0, max: 1 } });
    enableFewerTrips(orm);
    countQueries(orm);
    await orm.schema.createSchema();
  });

  afterAll(async () => {
    await orm?.close();
    await dropDatabase(process.env.DATABASE_URL!, dbName);
  });

  const count = async (table: string) => Number((await orm.em.fork().getConnection().execute(`select count(*) as n from ${table}`))[0].n);

  it('sends BEGIN, the inserts and COMMIT in one round trip; outside the scope as before', async () => {
    const inScope = countTrips();
    await writeInFewerTrips(() => orm.em.fork().transactional(async (tx) => {
      tx.create(Note, { id: id(1), text: '报修; 一楼' });
      tx.create(NoteLog, { id: id(2), noteId: id(1) });
      tx.create(NoteLog, { id: id(3), noteId: id(1) });
    }));
    inScope.restore();
    expect(inScope.trips).toHaveLength(1);
    expect(inScope.trips[0]).toMatch(/^BEGIN;\ninsert into "note_log".*;\ninsert into "note".*;\nCOMMIT$/s);

    const outside = countTrips();
    await orm.em.fork().transactional(async (tx) => {
      tx.create(Note, { id: id(4), text: 'b' });
      tx.create(NoteLog, { id: id(5), noteId: id(4) });
    });
    outside.restore();
    expect(outside.trips).toHaveLength(4);
    expect([await count('note'), await count('note_log')]).toEqual([2, 3]);
  });

  it('an INSERT … RETURNING of columns it sets is held too; one returning what it did not send is waited for', async () => {
    const trips = countTrips();
    await writeInFewerTrips(() => orm.em.fork().transactional(async (tx) => {
      await tx.getConnection().execute(`insert into "note" ("id", "text") values ('${id(30)}', 'x') returning "text"`, [], 'run', tx.getTransactionContext());
      await tx.getConnection().execute(`insert into "note" ("id", "text") values ('${id(31)}', 'y') returning "id", "text"`, [], 'run', tx.getTransactionContext());
    }));
    trips.restore();
    expect(trips.trips).toHaveLength(1);
    const waited = countTrips();
    const row = await writeInFewerTrips(() => orm.em.fork().transactional(async (tx) =>
      (await tx.getConnection().execute(`insert into "note_log" ("id", "note_id") values ('${id(32)}', '${id(30)}') returning (select text from note where id = '${id(30)}') as text`, [], 'all', tx.getTransactionContext()))[0]));
    waited.restore();
    expect(row).toEqual({ text: 'x' });
    expect(waited.trips).toHaveLength(2);
  });

  it('a statement that needs an answer sees the held inserts (they go in front of it)', async () => {
    const seen = await writeInFewerTrips(() => orm.em.fork().transactional(async (tx) => {
      tx.create(Note, { id: id(10), text: 'c' });
      await tx.flush();
      return (await tx.execute(`select text from note where id = '${id(10)}'`))[0]?.text;
    }));
    expect(seen).toBe('c');
  });

  it('an insert that breaks a constraint fails the transaction at COMMIT: nothing of it is written and the connection is fine', async () => {
    const failed = writeInFewerTrips(() => orm.em.fork().transactional(async (tx) => {
      tx.create(NoteLog, { id: id(20), noteId: id(1) });
      tx.create(Note, { id: id(1), text: 'duplicate key' });
    }));
    await expect(failed).rejects.toMatchObject({ code: '23505' });
    expect(await count('note_log')).toBe(4);
    // The only connection is back in the pool outside any transaction: the next one commits.
    await writeInFewerTrips(() => orm.em.fork().transactional(async (tx) => {
      tx.create(Note, { id: id(21), text: 'after' });
    }));
    expect(await count('note')).toBe(6);
  });

  it('a transaction given up before it wrote anything costs no round trip at all', async () => {
    const trips = countTrips();
    await expect(writeInFewerTrips(() => orm.em.fork().transactional(async () => {
      throw new Error('changed my mind');
    }))).rejects.toThrow('changed my mind');
    trips.restore();
    expect(trips.trips).toEqual([]);
  });
  it('shares the unit of work with the query count: either scope inside the other keeps both', async () => {
    const write = (n: number) => orm.em.fork().transactional(async (tx) => {
      tx.create(Note, { id: id(n), text: 'c' });
      tx.create(NoteLog, { id: id(n + 1), noteId: id(n) });
    });
    const plain = { queries: 0 };
    await withQueryCount(plain, () => write(50));
    const counted = { queries: 0 };
    const trips = countTrips();
    await withQueryCount(counted, () => writeInFewerTrips(() => write(52)));
    const nested = { queries: 0 };
    await writeInFewerTrips(() => withQueryCount(nested, () => write(54)));
    trips.restore();
    // Held back or not, every statement is counted in the request's tally; and held back either way.
    expect(plain.queries).toBeGreaterThan(0);
    expect([counted.queries, nested.queries]).toEqual([plain.queries, plain.queries]);
    expect(trips.trips).toHaveLength(2);
  });
});
