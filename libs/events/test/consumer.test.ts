import { randomUUID } from 'node:crypto';

import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { databaseUrl, dropDatabase, ensureDatabase } from '@pm/db';
import { createLogger } from '@pm/runtime';
import { eventually, testEventSpace, testInfrastructure, uniqueDatabaseName } from '@pm/testing';
import { AckPolicy, connect, DeliverPolicy, type NatsConnection } from 'nats';

import { createEnvelope, deadLetterSubject, EventConsumer, Events, EventSpace, InboxMessage } from '../src';

describe('event consumer with an inbox', () => {
  const { databaseUrl: serverUrl, natsUrl } = testInfrastructure();
  const space = testEventSpace();
  const subject = space.subject(Events.surveyCreated.subject);
  const dbName = uniqueDatabaseName('consumer');
  const name = `${dbName}_c`;
  const effects: string[] = [];
  const poisoned = randomUUID();
  let orm: MikroORM;
  let nc: NatsConnection;
  let consumer: EventConsumer;

  beforeAll(async () => {
    await ensureDatabase(serverUrl, dbName);
    orm = await MikroORM.init({ driver: PostgreSqlDriver, clientUrl: databaseUrl(serverUrl, dbName), entities: [InboxMessage], allowGlobalContext: false, logger: () => undefined });
    await orm.schema.createSchema();
    nc = await connect({ servers: natsUrl });
    consumer = new EventConsumer({
      orm, natsUrl, space, name, logger: createLogger('consumer-test', 'silent'), maxDeliver: 2, retryDelayMs: 50,
      startAt: new Date(Date.now() - 1000), inactiveThresholdMs: 60_000,
      handlers: {
        [Events.surveyCreated.type]: {
          subject: Events.surveyCreated.subject,
          handle: async (_em, event) => {
            if (event.aggregateId === poisoned) throw new Error('cannot apply this one');
            effects.push(event.id);
          },
          // Surveys opening in 2099 do not concern this consumer.
          when: (event) => (event.payload as { opensOn: string }).opensOn < '2099-01-01',
        },
      },
    });
    consumer.start();
    await consumer.ready();
  });

  afterAll(async () => {
    await consumer?.stop();
    await nc?.close();
    await orm?.close();
    await dropDatabase(serverUrl, dbName);
  });

  const survey = (aggregateId: string) =>
    createEnvelope(Events.surveyCreated, { surveyId: aggregateId, propertyId: randomUUID(), opensOn: '2027-01-15', closesOn: '2027-01-30' }, { aggregateId, actor: 'test' });

  it('an event delivered twice (past the broker’s dedupe) takes effect once', async () => {
    const event = survey(randomUUID());
    const js = nc.jetstream();
    await js.publish(subject, JSON.stringify(event), { msgID: `${event.id}-a` });
    await js.publish(subject, JSON.stringify(event), { msgID: `${event.id}-b` });
    await eventually(async () => expect((await consumer.stats()).duplicates).toBe(1));
    expect(effects.filter((id) => id === event.id)).toHaveLength(1);
    expect(await orm.em.fork().count(InboxMessage, { eventId: event.id, consumer: name })).toBe(1);
  });

  it('an event its handler’s `when` turns down is acknowledged with no transaction, no effect and no inbox row', async () => {
    const event = createEnvelope(Events.surveyCreated, { surveyId: randomUUID(), propertyId: randomUUID(), opensOn: '2099-01-15', closesOn: '2099-01-30' }, { aggregateId: randomUUID(), actor: 'test' });
    const before = await consumer.stats();
    await nc.jetstream().publish(subject, JSON.stringify(event), { msgID: event.id });
    await eventually(async () => expect((await consumer.stats()).skipped).toBe(before.skipped + 1));
    // The ack leaves without waiting for the server's reply, so the server may count it a moment later.
    await eventually(async () => expect((await consumer.stats()).pending).toBe(0));
    expect(effects).not.toContain(event.id);
    expect(await orm.em.fork().count(InboxMessage, { eventId: event.id })).toBe(0);
  });

  it('an event of another stack on the same NATS (another namespace) never reaches this consumer', async () => {
    const other = new EventSpace(`${space.namespace}_other`);
    const jsm = await nc.jetstreamManager();
    await other.ensureStream(jsm);
    try {
      const before = await consumer.stats();
      const theirs = survey(randomUUID());
      const ours = survey(randomUUID());
      await nc.jetstream().publish(other.subject(Events.surveyCreated.subject), JSON.stringify(theirs), { msgID: theirs.id });
      await nc.jetstream().publish(subject, JSON.stringify(ours), { msgID: ours.id });
      await eventually(async () => expect(effects).toContain(ours.id));
      const after = await consumer.stats();
      expect([after.handled - before.handled, after.skipped - before.skipped, after.duplicates - before.duplicates]).toEqual([1, 0, 0]);
      expect(effects).not.toContain(theirs.id);
    } finally {
      await other.deleteStream(jsm);
    }
  });

  it('an event that keeps failing goes to the dead-letter subject with the reason, and later events still flow', async () => {
    const since = new Date();
    const bad = survey(poisoned);
    const good = survey(randomUUID());
    await nc.jetstream().publish(subject, JSON.stringify(bad), { msgID: bad.id });
    await nc.jetstream().publish(subject, JSON.stringify(good), { msgID: good.id });
    await eventually(async () => expect((await consumer.stats()).deadLettered).toBe(1));
    await eventually(async () => expect(effects).toContain(good.id));

    const jsm = await nc.jetstreamManager();
    const reader = await jsm.consumers.add(space.stream, { ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.StartTime, opt_start_time: since.toISOString(), filter_subject: space.subject(deadLetterSubject(name)) });
    const [message] = await (async () => {
      const out = [];
      for await (const m of await (await nc.jetstream().consumers.get(space.stream, reader.name)).fetch({ max_messages: 1, expires: 10_000 })) out.push(m);
      return out;
    })();
    expect(JSON.parse(message.string()).id).toBe(bad.id);
    expect(message.headers?.get('Pm-Dead-Reason')).toMatch(/cannot apply this one/);
  });
});
