import 'reflect-metadata';

import { randomBytes } from 'node:crypto';

import { Entity, Enum, MikroORM, PostgreSqlDriver, PrimaryKey, Property } from '@mikro-orm/postgresql';
import fc from 'fast-check';

import { databaseUrl, dropDatabase, ensureDatabase } from '../src/databases';
import { newId } from '../src/ids';
import { insertRows } from '../src/insert';
import { countQueries, withQueryCount } from '../src/query-count';
import { enablePipelinedReads, sendStatement } from '../src/read-pool';

enum Colour { RED = 'RED', GREEN = 'GREEN' }

/** One column of each kind the services' entities map. */
@Entity({ tableName: 'sample' })
class Sample {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  batch!: string;

  @Property()
  title!: string;

  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  @Enum({ items: () => Colour, nativeEnumName: 'colour' })
  colour!: Colour;

  @Property({ type: 'jsonb' })
  data!: Record<string, unknown>;

  @Property({ type: 'text[]', defaultRaw: "'{}'" })
  tags: string[] = [];

  @Property({ type: 'bigint' })
  big: number = 0;

  @Property({ type: 'int', nullable: true })
  small: number | null = null;

  @Property({ type: 'boolean' })
  flag: boolean = false;

  @Property({ type: 'timestamptz' })
  at!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  maybeAt: Date | null = null;

  @Property({ nullable: true, unique: true })
  key: string | null = null;
}

type Values = Omit<Sample, 'id' | 'batch'>;

/** Text as desks type it: quotes, question marks (MikroORM's placeholder), backslashes, Chinese, emoji. */
// (PostgreSQL's text holds no NUL character, whoever writes it.)
const text = fc.array(fc.oneof(fc.constantFrom("'", '"', '?', '??', '\\', '$1', ';', '--', '报修', '漏水', '😀', '\n'), fc.string({ maxLength: 2, unit: 'grapheme' })), { maxLength: 12 })
  .map((parts) => parts.join('').replaceAll('\0', ''));
const values: fc.Arbitrary<Values> = fc.record({
  title: text,
  note: fc.option(text, { nil: null }),
  colour: fc.constantFrom(Colour.RED, Colour.GREEN),
  data: fc.dictionary(fc.constantFrom('a', 'b', "c'd", '?'), fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null))),
  // Words only: MikroORM's own text[] conversion writes `{a,b}` without quoting, so a flush cannot
  // write a comma or a brace in an element either (our arrays hold names such as SLA stages).
  tags: fc.array(fc.constantFrom('DISPATCH', 'RESPOND', 'RESOLVE', '报修'), { maxLength: 4 }),
  big: fc.integer({ min: 0, max: 2 ** 40 }),
  small: fc.option(fc.integer({ min: -1000, max: 1000 }), { nil: null }),
  flag: fc.boolean(),
  at: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
  maybeAt: fc.option(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), { nil: null }),
  key: fc.constant(null),
});

/** New rows written without a unit of work (issue 14): the same rows a flush writes, all or none. */
describe('insertRows', () => {
  const dbName = `pm_test_db_insert_${randomBytes(4).toString('hex')}`;
  let orm: MikroORM;

  const rowsOf = async (batch: string) =>
    (await orm.em.fork().getConnection().execute(`select * from sample where batch = ? order by id`, [batch])).map(({ id: _id, batch: _batch, ...row }) => row);

  beforeAll(async () => {
    const server = process.env.DATABASE_URL!;
    await ensureDatabase(server, dbName);
    orm = await MikroORM.init({ driver: PostgreSqlDriver, clientUrl: databaseUrl(server, dbName), entities: [Sample], allowGlobalContext: false, debug: false });
    await orm.schema.createSchema();
    countQueries(orm);
    enablePipelinedReads(orm, 2);
  });

  afterAll(async () => {
    await orm?.close();
    await dropDatabase(process.env.DATABASE_URL!, dbName);
  });

  it('writes every column as a flush of the same entities does, in one statement', async () => {
    await fc.assert(fc.asyncProperty(fc.array(values, { minLength: 1, maxLength: 4 }), async (list) => {
      const [flushed, inserted] = [newId(), newId()];
      const em = orm.em.fork();
      for (const v of list) em.persist(Object.assign(new Sample(), v, { batch: flushed }));
      await em.flush();
      const tally = { queries: 0 };
      await withQueryCount(tally, () => insertRows(orm.em.fork(), list.map((v) => Object.assign(new Sample(), v, { batch: inserted }))));
      expect(tally.queries).toBe(1);
      expect(await rowsOf(inserted)).toEqual(await rowsOf(flushed));
    }), { numRuns: 60 });
  });

  it('writes all the rows or none: a refused row takes the others with it, with PostgreSQL\'s error', async () => {
    const batch = newId();
    const base = { batch, title: 't', colour: Colour.RED, data: {}, at: new Date() };
    await insertRows(orm.em.fork(), [Object.assign(new Sample(), base, { key: `k-${batch}` })]);
    const refused = insertRows(orm.em.fork(), [Object.assign(new Sample(), base), Object.assign(new Sample(), base, { key: `k-${batch}` })]);
    await expect(refused).rejects.toMatchObject({ code: '23505', constraint: 'sample_key_unique' });
    expect(await rowsOf(batch)).toHaveLength(1);
  });

  it('inside a transaction, writes on its connection and is undone with it', async () => {
    const batch = newId();
    await expect(orm.em.fork().transactional(async (tx) => {
      await insertRows(tx, [Object.assign(new Sample(), { batch, title: 't', colour: Colour.GREEN, data: {}, at: new Date() })]);
      expect((await tx.getConnection().execute(`select count(*)::int as n from sample where batch = ?`, [batch], 'all', tx.getTransactionContext()))[0].n).toBe(1);
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    expect(await rowsOf(batch)).toHaveLength(0);
  });

  it('sendStatement answers a hand-written statement with its rows, and refuses to run inside a transaction', async () => {
    expect(await sendStatement(orm.em.fork(), 'select $1::int + 1 as n, $2::text as t', [41, "it's"])).toEqual([{ n: 42, t: "it's" }]);
    await orm.em.fork().transactional(async (tx) => {
      await expect(sendStatement(tx, 'select 1')).rejects.toThrow(/outside transactions/);
    });
  });
});
