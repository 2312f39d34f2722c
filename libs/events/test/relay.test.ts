import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { databaseUrl, dropDatabase, ensureDatabase } from '@pm/db';
import { freePort, startNatsServer, stopChild } from '@pm/infra';
import { createLogger } from '@pm/runtime';
import { testInfrastructure, uniqueDatabaseName } from '@pm/testing';
import { AckPolicy, connect, DeliverPolicy, type NatsConnection } from 'nats';

import { Events, EventSpace, OutboxMessage, OutboxRelay, parseEnvelope, recordEvent } from '../src';

/** The relay's own NATS here: the platform's namespace, PM_EVENTS. */
const STREAM = new EventSpace().stream;

type NatsProcess = Awaited<ReturnType<typeof startNatsServer>>;

describe('outbox relay over a real nats-server', () => {
  const { databaseUrl: serverUrl } = testInfrastructure();
  const dbName = uniqueDatabaseName('events');
  const storeDir = mkdtempSync(join(tmpdir(), 'pm-nats-'));
  let port: number;
  let nats: NatsProcess;
  let orm: MikroORM;
  let relay: OutboxRelay;
  let reader: NatsConnection | undefined;

  beforeAll(async () => {
    await ensureDatabase(serverUrl, dbName);
    orm = await MikroORM.init({ driver: PostgreSqlDriver, clientUrl: databaseUrl(serverUrl, dbName), entities: [OutboxMessage], allowGlobalContext: false, logger: () => undefined });
    await orm.schema.createSchema();
    port = await freePort();
    nats = await startNatsServer(storeDir, port);
    relay = new OutboxRelay({ orm, natsUrl: `nats://127.0.0.1:${port}`, logger: createLogger('relay-test', 'silent'), pollMs: 50, maxBackoffMs: 500 });
    relay.start();
  });

  afterAll(async () => {
    await reader?.close();
    await relay?.stop();
    await orm?.close();
    if (nats) await stopChild(nats.process);
    await dropDatabase(serverUrl, dbName);
  });

  /** Writes `n` ticket-opened events in one transaction, as a service's use case would. */
  async function openTickets(n: number): Promise<string[]> {
    return orm.em.fork().transactional(async (tx) =>
      Array.from({ length: n }, () => {
        const ticketId = randomUUID();
        recordEvent(tx, Events.ticketOpened, {
          ticketId, number: 'GD-1', propertyId: randomUUID(), kind: 'REPAIR', channel: 'PHONE', status: 'NEW', unitId: null, reporterId: null, urgency: 'NORMAL',
        }, { aggregateId: ticketId, actor: 'test' });
        return ticketId;
      }),
    );
  }

  async function waitUntilPublished(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await relay.stats()).pending > 0) {
      if (Date.now() > deadline) throw new Error(`outbox not drained: ${JSON.stringify(await relay.stats())}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Every event in the stream, read by an ephemeral consumer from the start. */
  async function streamContents(): Promise<string[]> {
    reader ??= await connect({ servers: `nats://127.0.0.1:${port}` });
    const jsm = await reader.jetstreamManager();
    const info = await jsm.streams.info(STREAM);
    const consumer = await jsm.consumers.add(STREAM, { ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.All });
    const messages = await (await reader.jetstream().consumers.get(STREAM, consumer.name)).fetch({ max_messages: info.state.messages, expires: 10_000 });
    const ids: string[] = [];
    for await (const message of messages) ids.push(parseEnvelope(message.data).aggregateId);
    return ids;
  }

  it('publishes each committed event once, in order, with its id as Nats-Msg-Id', async () => {
    const ids = await openTickets(3);
    await waitUntilPublished();
    expect(await streamContents()).toEqual(ids);
  });

  it('publishes on after its own PostgreSQL connection is lost, nothing twice', async () => {
    await waitUntilPublished();
    const before = await streamContents();
    const killed = await orm.em.fork().getConnection().execute<{ killed: boolean }[]>(
      `select pg_terminate_backend(pid) as killed from pg_stat_activity where application_name = 'pm-outbox-relay' and datname = current_database()`,
    );
    expect(killed.length).toBeGreaterThan(0);
    const ids = await openTickets(2);
    relay.nudge();
    await waitUntilPublished();
    expect(await streamContents()).toEqual([...before, ...ids]);
  });

  it('an event with a payload that breaks its schema is refused before anything is written', async () => {
    await expect(
      orm.em.fork().transactional(async (tx) => {
        recordEvent(tx, Events.ticketOpened, { ticketId: 'not-a-uuid' } as never, { aggregateId: 'x', actor: 'test' });
      }),
    ).rejects.toThrow(/tickets.ticket.opened is invalid/);
    expect(await orm.em.fork().count(OutboxMessage, { envelope: { aggregateId: 'x' } })).toBe(0);
  });

  it('while NATS is down writes still succeed; when it is back every event is delivered exactly once', async () => {
    const before = await streamContents();
    await reader?.close();
    reader = undefined;
    await stopChild(nats.process);

    const during = await openTickets(5);
    expect((await relay.stats()).pending).toBe(5);

    nats = await startNatsServer(storeDir, port);
    await waitUntilPublished();
    const after = await streamContents();
    expect(after).toEqual([...before, ...during]);
    expect(new Set(after).size).toBe(after.length);
  });

  it('a publish that fails mid-batch: rows before it stay published, its attempts and error are kept (issue 9)', async () => {
    await waitUntilPublished();
    const before = await streamContents();
    // One transaction, so both rows are claimed in the same batch: a good event, then one whose subject
    // is outside the stream (JetStream refuses it, as it would a publish during an outage).
    const opened = () => ({ ticketId: randomUUID(), number: 'GD-2', propertyId: randomUUID(), kind: 'REPAIR' as const, channel: 'PHONE', status: 'NEW', unitId: null, reporterId: null, urgency: 'NORMAL' });
    const first = randomUUID();
    const refused = await orm.em.fork().transactional(async (tx) => {
      recordEvent(tx, Events.ticketOpened, opened(), { aggregateId: first, actor: 'test' });
      const envelope = recordEvent(tx, Events.ticketOpened, opened(), { aggregateId: randomUUID(), actor: 'test' });
      tx.getReference(OutboxMessage, envelope.id).subject = 'elsewhere.not.in.the.stream';
      return envelope.id;
    });
    const failures = (await relay.stats()).failures;
    const deadline = Date.now() + 20_000;
    let row = await orm.em.fork().findOneOrFail(OutboxMessage, refused);
    while (row.attempts < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      row = await orm.em.fork().findOneOrFail(OutboxMessage, refused);
    }
    expect(row.attempts).toBeGreaterThanOrEqual(2);
    expect(row.lastError).toMatch(/\S/);
    expect(row.publishedAt).toBeNull();
    expect((await relay.stats()).failures).toBeGreaterThan(failures);
    const published = await orm.em.fork().findOneOrFail(OutboxMessage, { envelope: { aggregateId: first } });
    expect(published.publishedAt).not.toBeNull();
    expect(await streamContents()).toEqual([...before, first]);
    // Let the rest of the suite's outbox drain.
    await orm.em.fork().nativeDelete(OutboxMessage, { id: refused });
  });
});
