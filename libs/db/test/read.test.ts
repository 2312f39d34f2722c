import 'reflect-metadata';

import { randomBytes } from 'node:crypto';

import { Entity, Enum, ManyToOne, MikroORM, OptionalProps, PostgreSqlDriver, PrimaryKey, Property } from '@mikro-orm/postgresql';

import fc from 'fast-check';

import { databaseUrl, dropDatabase, ensureDatabase } from '../src/databases';
import { keptStatements } from '../src/compiled';
import { countQueries, withQueryCount } from '../src/query-count';
import { countsForRead, findForRead, firstPerGroupForRead, rowsForRead } from '../src/read';

enum Colour {
  RED = 'RED',
  GREEN = 'GREEN',
}

@Entity({ tableName: 'sample_group' })
class SampleGroup {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property()
  title!: string;
}

@Entity({ tableName: 'sample' })
class Sample {
  [OptionalProps]?: 'label' | 'urgent';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property()
  name!: string;

  @Enum({ items: () => Colour, nativeEnumName: 'colour' })
  colour!: Colour;

  @Property({ type: 'bigint' })
  pausedMs!: number;

  @Property({ type: 'text[]' })
  tags!: string[];

  @Property({ type: 'json', nullable: true })
  details?: { floor: number; notes: string[] } | null;

  @Property({ type: 'date', nullable: true })
  dueOn?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'int', nullable: true })
  rating?: number | null;

  @ManyToOne(() => SampleGroup, { nullable: true })
  group?: SampleGroup | null;

  @Property({ default: false })
  urgent: boolean = false;

  /** Read on demand only (like a resident's reversed phone). */
  @Property({ type: 'string', nullable: true, lazy: true })
  secret?: string | null;

  get label(): string {
    return `${this.name} (${this.colour})`;
  }
}

/**
 * The read-only path (issue 14) must give resolvers what `em.find` gives them: the same value of
 * every property, of the same type, on an object with the entity's prototype.
 */
describe('findForRead', () => {
  const dbName = `pm_test_db_read_${randomBytes(4).toString('hex')}`;
  let orm: MikroORM;

  beforeAll(async () => {
    const server = process.env.DATABASE_URL!;
    await ensureDatabase(server, dbName);
    orm = await MikroORM.init({ driver: PostgreSqlDriver, clientUrl: databaseUrl(server, dbName), entities: [Sample, SampleGroup], allowGlobalContext: false, debug: false });
    await orm.schema.createSchema();
    countQueries(orm);
    const em = orm.em.fork();
    const group = em.create(SampleGroup, { id: '01a20000-0000-7000-8000-0000000000aa', title: '一组' });
    em.create(Sample, { group, secret: 'not for lists', id: '01a20000-0000-7000-8000-000000000001', name: '甲', colour: Colour.RED, pausedMs: 3_600_000, tags: ['a', 'b'], details: { floor: 3, notes: ['x'] }, dueOn: '2026-12-01', urgent: true, createdAt: new Date('2026-11-20T01:02:03.456Z'), rating: 5 });
    em.create(Sample, { id: '01a20000-0000-7000-8000-000000000002', name: '乙', colour: Colour.GREEN, pausedMs: 0, tags: [], details: null, dueOn: null, createdAt: new Date('2026-11-21T00:00:00Z'), rating: null });
    await em.flush();
  });

  afterAll(async () => {
    await orm?.close();
    await dropDatabase(process.env.DATABASE_URL!, dbName);
  });

  it('gives every property as em.find does, typed alike, with the prototype’s getters', async () => {
    const orderBy = { createdAt: 'desc' as const };
    const found = await orm.em.fork().find(Sample, {}, { orderBy });
    const read = await findForRead(orm.em.fork(), Sample, {}, { orderBy });
    expect(read).toHaveLength(2);
    for (const [i, entity] of found.entries()) {
      for (const key of ['id', 'name', 'colour', 'pausedMs', 'tags', 'details', 'dueOn', 'createdAt', 'rating', 'urgent'] as const) {
        expect([key, read[i][key]]).toEqual([key, entity[key]]);
        expect([key, typeof read[i][key]]).toEqual([key, typeof entity[key]]);
      }
      expect(read[i]).toBeInstanceOf(Sample);
      expect(read[i].label).toBe(entity.label);
    }
    expect(read[1].createdAt).toBeInstanceOf(Date);
    // A many-to-one is its key, as an unloaded reference; a lazy column is not read.
    expect(found[1].group?.id).toBe('01a20000-0000-7000-8000-0000000000aa');
    expect(read[1].group).toBeInstanceOf(SampleGroup);
    expect(read[1].group?.id).toBe(found[1].group?.id);
    expect(read[1].group?.title).toBeUndefined();
    expect(read[0].group).toBeNull();
    expect(read[1].secret).toBeUndefined();
    expect(found[1].secret).toBeUndefined();
  });

  it('reads only the properties asked for (with the key), the rest left undefined, in one statement of those columns', async () => {
    const orderBy = { createdAt: 'desc' as const };
    const found = await orm.em.fork().find(Sample, {}, { orderBy });
    const tally = { queries: 0 };
    const read = await withQueryCount(tally, () => findForRead(orm.em.fork(), Sample, {}, { orderBy, fields: ['name', 'createdAt', 'group'] }));
    expect(tally.queries).toBe(1);
    expect(read.map((s) => [s.id, s.name, s.createdAt, s.group?.id ?? null])).toEqual(found.map((s) => [s.id, s.name, s.createdAt, s.group?.id ?? null]));
    for (const sample of read) {
      expect(sample).toBeInstanceOf(Sample);
      expect([sample.colour, sample.pausedMs, sample.tags, sample.details, sample.rating]).toEqual([undefined, undefined, undefined, undefined, undefined]);
    }
    // Another set of columns is another statement, not the first one's rows.
    const all = await findForRead(orm.em.fork(), Sample, {}, { orderBy });
    expect(all.map((s) => s.colour)).toEqual(found.map((s) => s.colour));
  });

  it('filters and limits like em.find, and leaves the unit of work empty', async () => {
    const em = orm.em.fork();
    const read = await findForRead(em, Sample, { colour: { $in: [Colour.GREEN] }, pausedMs: { $lte: 10 } }, { limit: 5 });
    expect(read.map((s) => s.name)).toEqual(['乙']);
    expect(em.getUnitOfWork().getIdentityMap().keys()).toEqual([]);
  });

  it('filters of one shape share a kept statement and still answer each with its own values, as em.find does', async () => {
    const em = orm.em.fork();
    const extra = Array.from({ length: 24 }, (_, i) => em.create(Sample, {
      id: `01a20000-0000-7000-8000-0000000001${String(i).padStart(2, '0')}`, name: `样${i % 5}`, colour: i % 3 ? Colour.RED : Colour.GREEN, pausedMs: i * 1000,
      tags: [], createdAt: new Date(Date.UTC(2026, 10, 1 + i, i % 24)), rating: i % 4 ? i : null,
    }));
    await em.flush();
    const day = (d: number) => new Date(Date.UTC(2026, 10, d));
    // Filters as the list resolvers build them: equality, $in, ranges, null, $or of keyset branches.
    const filter = fc.record({
      colour: fc.option(fc.subarray([Colour.RED, Colour.GREEN], { minLength: 1 }), { nil: undefined }),
      name: fc.option(fc.constantFrom('样0', '样3', '甲', '无'), { nil: undefined }),
      from: fc.option(fc.integer({ min: 1, max: 26 }), { nil: undefined }),
      before: fc.option(fc.integer({ min: 1, max: 26 }), { nil: undefined }),
      paused: fc.option(fc.integer({ min: 0, max: 30_000 }), { nil: undefined }),
      rated: fc.option(fc.boolean(), { nil: undefined }),
      after: fc.option(fc.tuple(fc.integer({ min: 1, max: 26 }), fc.constantFrom(...extra.map((s) => s.id))), { nil: undefined }),
    }).map(({ colour, name, from, before, paused, rated, after }) => {
      const and: object[] = [];
      if (colour) and.push({ colour: { $in: colour } });
      if (name) and.push({ name });
      if (from || before) and.push({ createdAt: { ...(from ? { $gte: day(from) } : {}), ...(before ? { $lt: day(before) } : {}) } });
      if (paused !== undefined) and.push({ pausedMs: { $lte: paused } });
      if (rated !== undefined) and.push({ rating: rated ? { $ne: null } : null });
      if (after) and.push({ $or: [{ createdAt: { $lt: day(after[0]) } }, { createdAt: day(after[0]), id: { $lt: after[1] } }] });
      return { $and: and };
    });
    const orderBy = { createdAt: 'desc' as const, id: 'desc' as const };
    const kept = keptStatements();
    await fc.assert(fc.asyncProperty(filter, async (where) => {
      const expected = (await orm.em.fork().find(Sample, where as never, { orderBy, limit: 7 })).map((s) => s.id);
      for (let i = 0; i < 2; i++) {
        const tally = { queries: 0 };
        const read = await withQueryCount(tally, () => findForRead(orm.em.fork(), Sample, where as never, { orderBy, limit: 7 }));
        expect(read.map((s) => s.id)).toEqual(expected);
        expect(tally.queries).toBe(1);
      }
    }), { numRuns: 150 });
    // Most shapes were kept and reused (a bigint bound as text is one the QueryBuilder keeps).
    expect(keptStatements()).toBeGreaterThan(kept + 10);
  });

  it('firstPerGroupForRead: each group’s first rows in its order, as em.find per group gives them, in one statement; countsForRead: each group’s number', async () => {
    const orderBy = [['createdAt', 'desc'], ['id', 'desc']] as const;
    const where = { pausedMs: { $lte: 20_000 } };
    for (const perGroup of [1, 3, 50]) {
      const expected: Record<string, unknown>[] = [];
      const counted = new Map<unknown, number>();
      for (const colour of [Colour.RED, Colour.GREEN]) {
        const rows = await orm.em.fork().find(Sample, { ...where, colour }, { orderBy: { createdAt: 'desc', id: 'desc' } });
        if (rows.length) counted.set(colour, rows.length);
        expected.push(...rows.slice(0, perGroup).map((s) => ({ id: s.id, colour: s.colour, name: s.name, createdAt: s.createdAt })));
      }
      expected.sort((a, b) => (b.createdAt as Date).getTime() - (a.createdAt as Date).getTime() || String(b.id).localeCompare(String(a.id)));
      for (let i = 0; i < 2; i++) {
        const tally = { queries: 0 };
        const read = await withQueryCount(tally, () => firstPerGroupForRead(orm.em.fork(), Sample, where, { by: 'colour', orderBy, perGroup, fields: ['name'] }));
        expect(tally.queries).toBe(1);
        expect(read.map((s) => ({ id: s.id, colour: s.colour, name: s.name, createdAt: s.createdAt }))).toEqual(expected);
        expect(read.every((s) => s instanceof Sample && s.pausedMs === undefined)).toBe(true);
      }
      expect(await countsForRead(orm.em.fork(), Sample, where, 'colour')).toEqual(counted);
    }
    // Inside a transaction: on its own connection, seeing what it wrote.
    await orm.em.fork().transactional(async (tx) => {
      tx.create(Sample, { id: '01a20000-0000-7000-8000-0000000003ff', name: '最新', colour: Colour.GREEN, pausedMs: 1, tags: [], createdAt: new Date('2027-01-01T00:00:00Z') });
      await tx.flush();
      const [newest] = await firstPerGroupForRead(tx, Sample, where, { by: 'colour', orderBy, perGroup: 1 });
      expect(newest.name).toBe('最新');
      expect((await countsForRead(tx, Sample, where, 'colour')).get(Colour.GREEN)).toBe((await countsForRead(orm.em.fork(), Sample, where, 'colour')).get(Colour.GREEN)! + 1);
      throw Object.assign(new Error('roll back'), { rollback: true });
    }).catch((error: { rollback?: boolean }) => {
      if (!error.rollback) throw error;
    });
  });

  it('inside a transaction reads on the transaction’s own connection (it sees what the transaction wrote)', async () => {
    await orm.em.fork().transactional(async (tx) => {
      tx.create(Sample, { id: '01a20000-0000-7000-8000-0000000002ff', name: '未提交', colour: Colour.GREEN, pausedMs: 1, tags: [], createdAt: new Date('2026-11-30T00:00:00Z') });
      await tx.flush();
      expect((await findForRead(tx, Sample, { name: '未提交' })).map((s) => s.id)).toEqual(['01a20000-0000-7000-8000-0000000002ff']);
      expect(await findForRead(orm.em.fork(), Sample, { name: '未提交' })).toEqual([]);
      throw Object.assign(new Error('roll back'), { rollback: true });
    }).catch((error: { rollback?: boolean }) => {
      if (!error.rollback) throw error;
    });
    expect(await findForRead(orm.em.fork(), Sample, { name: '未提交' })).toEqual([]);
  });
});

describe('rowsForRead', () => {
  it('maps a hand-written query’s columns as findForRead would', async () => {
    const dbName = `pm_test_db_rows_${randomBytes(4).toString('hex')}`;
    const server = process.env.DATABASE_URL!;
    await ensureDatabase(server, dbName);
    const orm = await MikroORM.init({ driver: PostgreSqlDriver, clientUrl: databaseUrl(server, dbName), entities: [Sample, SampleGroup], debug: false });
    try {
      await orm.schema.createSchema();
      const em = orm.em.fork();
      em.create(Sample, { id: '01a20000-0000-7000-8000-000000000003', name: '丙', colour: Colour.RED, pausedMs: 42, tags: ['t'], createdAt: new Date('2026-11-22T08:00:00Z') });
      await em.flush();
      const raw = (await orm.em.getConnection().execute('select * from sample')) as Record<string, unknown>[];
      const [mapped] = rowsForRead(orm.em.fork(), Sample, raw);
      const [read] = await findForRead(orm.em.fork(), Sample, {});
      expect(mapped).toBeInstanceOf(Sample);
      for (const key of ['id', 'name', 'colour', 'pausedMs', 'tags', 'createdAt', 'rating', 'urgent'] as const) expect([key, mapped[key]]).toEqual([key, read[key]]);
      expect(typeof mapped.pausedMs).toBe('number');
    } finally {
      await orm.close();
      await dropDatabase(server, dbName);
    }
  });
});
