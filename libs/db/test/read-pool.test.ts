import 'reflect-metadata';

import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';

import { Entity, MikroORM, PostgreSqlDriver, PrimaryKey, Property } from '@mikro-orm/postgresql';
import fc from 'fast-check';

import { databaseUrl, dropDatabase, ensureDatabase } from '../src/databases';
import { countQueries, withQueryCount } from '../src/query-count';
import { findForRead } from '../src/read';
import { connectionSettingsOf, enablePipelinedReads, PipelinedReads, pipelinedReadsOf, READS_APPLICATION_NAME } from '../src/read-pool';

@Entity({ tableName: 'reading' })
class Reading {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property()
  meter!: number;

  @Property({ type: 'timestamptz' })
  takenAt!: Date;
}

const id = (n: number) => `01a20000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const SIZE = 2;

/** Socket writes made while `work` runs (each a system call; a corked socket's buffered writes leave in one). */
async function countWrites<T>(work: () => Promise<T>): Promise<{ result: T; writes: number }> {
  const proto = Socket.prototype as unknown as { _writev(...a: unknown[]): unknown; _write(...a: unknown[]): unknown };
  const writev = jest.spyOn(proto, '_writev');
  const write = jest.spyOn(proto, '_write');
  try {
    const result = await work();
    return { result, writes: writev.mock.calls.length + write.mock.calls.length };
  } finally {
    writev.mockRestore();
    write.mockRestore();
  }
}

/** Kept reads go through a few pipelined connections (issue 14): answers as em.find gives them, one write per turn. */
describe('pipelined reads', () => {
  const dbName = `pm_test_db_pipeline_${randomBytes(4).toString('hex')}`;
  let orm: MikroORM;

  const backends = async () =>
    Number((await orm.em.getConnection().execute(`select count(*)::int as n from pg_stat_activity where datname = ? and application_name = ?`, [dbName, READS_APPLICATION_NAME]))[0].n);

  beforeAll(async () => {
    const server = process.env.DATABASE_URL!;
    await ensureDatabase(server, dbName);
    orm = await MikroORM.init({ driver: PostgreSqlDriver, clientUrl: databaseUrl(server, dbName), entities: [Reading], allowGlobalContext: false, debug: false });
    await orm.schema.createSchema();
    countQueries(orm);
    enablePipelinedReads(orm, SIZE);
    const em = orm.em.fork();
    for (let n = 0; n < 60; n++) em.create(Reading, { id: id(n), meter: n % 7, takenAt: new Date(Date.UTC(2026, 10, 1, n)) });
    await em.flush();
  });

  afterAll(async () => {
    await orm?.close();
    await dropDatabase(process.env.DATABASE_URL!, dbName);
  });

  it('answers each of many reads sent at once with its own rows, as em.find does, through at most its connections', async () => {
    const filters = fc.array(fc.record({ meter: fc.integer({ min: 0, max: 7 }), before: fc.integer({ min: 0, max: 60 }) }), { minLength: 1, maxLength: 120 });
    await fc.assert(fc.asyncProperty(filters, async (list) => {
      const where = (f: { meter: number; before: number }) => ({ meter: f.meter, takenAt: { $lt: new Date(Date.UTC(2026, 10, 1, f.before)) } });
      const expected = await Promise.all(list.map((f) => orm.em.fork().find(Reading, where(f), { orderBy: { takenAt: 'desc' }, limit: 5 })));
      const tally = { queries: 0 };
      const read = await withQueryCount(tally, () => Promise.all(list.map((f) => findForRead(orm.em.fork(), Reading, where(f), { orderBy: { takenAt: 'desc' }, limit: 5 }))));
      expect(read.map((rows) => rows.map((r) => [r.id, r.meter, r.takenAt.toISOString()]))).toEqual(expected.map((rows) => rows.map((r) => [r.id, r.meter, r.takenAt.toISOString()])));
      expect(tally.queries).toBe(list.length);
    }), { numRuns: 40 });
    expect(await backends()).toBeLessThanOrEqual(SIZE);
  });

  it('sends the reads of one turn of the event loop in one write per connection', async () => {
    await findForRead(orm.em.fork(), Reading, { meter: 1 }, { limit: 3 }); // connections open, statement kept
    const { result, writes } = await countWrites(() => Promise.all(Array.from({ length: 100 }, (_, i) => findForRead(orm.em.fork(), Reading, { meter: i % 7 }, { limit: 3 }))));
    expect(result.every((rows, i) => rows.length === 3 && rows.every((r) => r.meter === i % 7))).toBe(true);
    expect(writes).toBeLessThanOrEqual(SIZE);
  });

  it('fails a read that PostgreSQL refuses alone: the reads pipelined around it are answered', async () => {
    const reads = pipelinedReadsOf(orm.em)!;
    const text = 'select id from reading where id = $1';
    const results = await Promise.allSettled([
      reads.rows({ name: 'pm_test_by_id', text, values: [id(3)] }),
      reads.rows({ name: 'pm_test_by_id', text, values: ['not a uuid'] }),
      reads.rows({ name: 'pm_test_by_id', text, values: [id(4)] }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toMatch(/invalid input syntax for type uuid/);
    expect((results[2] as PromiseFulfilledResult<{ id: string }[]>).value).toEqual([{ id: id(4) }]);
  });

  it('opens new connections after PostgreSQL closes the ones it had', async () => {
    await findForRead(orm.em.fork(), Reading, { meter: 2 });
    await orm.em.getConnection().execute(`select pg_terminate_backend(pid) from pg_stat_activity where datname = ? and application_name = ?`, [dbName, READS_APPLICATION_NAME]);
    // A read may meet its connection closing under it; the one after goes through a new connection.
    await findForRead(orm.em.fork(), Reading, { meter: 2 }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const rows = await findForRead(orm.em.fork(), Reading, { meter: 2 }, { orderBy: { takenAt: 'asc' } });
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 60 }, (_, n) => n).filter((n) => n % 7 === 2).map(id));
  });

  it('never makes a read wait for a connection being opened while an open one can take it in its pipeline', async () => {
    const reads = new PipelinedReads(connectionSettingsOf(orm) as object, 2);
    const backend = () => reads.rows({ text: 'select pg_backend_pid() as pid', values: [] }).then((rows) => rows[0].pid as number);
    try {
      const first = await backend(); // the first connection, waited for: there is no other
      // Two at once: the second finds the first connection busy and is pipelined on it, while
      // another is opened for the reads to come (before this change it waited for that one).
      expect(await Promise.all([backend(), backend()])).toEqual([first, first]);
      let seen = new Set<number>();
      for (let attempt = 0; seen.size < 2 && attempt < 200; attempt++) {
        seen = new Set(await Promise.all(Array.from({ length: 4 }, backend)));
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(seen.size).toBe(2); // the second connection, once open, takes its share
    } finally {
      await reads.close();
    }
  });

  it('reads what was committed before it was sent', async () => {
    const em = orm.em.fork();
    em.create(Reading, { id: id(900), meter: 42, takenAt: new Date() });
    await em.flush();
    expect((await findForRead(orm.em.fork(), Reading, { meter: 42 })).map((r) => r.id)).toEqual([id(900)]);
  });
});
