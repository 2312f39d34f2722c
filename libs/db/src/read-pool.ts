import { type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import { Client, type ClientConfig, Query, type QueryResult } from 'pg';

import { countStatement } from './query-count';

/** A kept read statement with this request's values (or, without a name, a statement text sent as it is). */
export interface ReadStatement {
  name?: string;
  text: string;
  values: unknown[];
}

/** How these connections show in pg_stat_activity. */
export const READS_APPLICATION_NAME = 'pm-pipelined-reads';

interface ReadConnection {
  client: Client;
  /** Resolves once connected; rejects (and the connection is dropped) if it cannot connect. */
  ready: Promise<void>;
  connected: boolean;
  inFlight: number;
  /** Its socket is corked until the end of this turn of the event loop. */
  corked: boolean;
}

/**
 * Read statements outside transactions, sent through a few pipelined PostgreSQL connections
 * (issue 14). Through the ORM's pool every read took a connection (tarn: a pending operation, two
 * timers, a dozen promises), sent its statement in a write of its own, waited for its answer, and
 * gave the connection back; under load each page cost a system call and a wake-up of a PostgreSQL
 * backend of its own. Here a statement goes at once to the connection with the fewest statements in
 * flight, without waiting for the ones before it (pg's pipeline mode: each statement ends with its
 * own Sync, so one that fails fails alone), and the statements of one turn of the event loop leave
 * in one write (the socket is corked until the turn's check phase).
 *
 * What a caller sees is what a pooled connection gives: each statement runs in a transaction of its
 * own, after every statement whose answer arrived before it was sent (a request's reads see its
 * committed writes). A slow statement delays those pipelined behind it on its connection; the next
 * statement goes to another connection when one is idle.
 */
export class PipelinedReads {
  private readonly connections: ReadConnection[] = [];
  private closed = false;

  /**
   * @param config the PostgreSQL connection settings (the ORM's, with its type parsers)
   * @param size connections at most; one is opened whenever all the open ones are busy
   */
  constructor(private readonly config: ClientConfig, private readonly size: number) {}

  async rows(statement: ReadStatement): Promise<Record<string, unknown>[]> {
    if (this.closed) throw new Error('The database connections are closed');
    const connection = this.pick();
    connection.inFlight += 1;
    try {
      if (!connection.connected) await connection.ready;
      if (!connection.corked) {
        const stream = (connection.client as unknown as { connection: { stream: { cork(): void; uncork(): void } } }).connection.stream;
        connection.corked = true;
        stream.cork();
        setImmediate(() => {
          connection.corked = false;
          stream.uncork();
        });
      }
      // A text of several statements answers with one result each: the last one's rows.
      const result = await new Promise<QueryResult<Record<string, unknown>> | QueryResult<Record<string, unknown>>[]>((resolve, reject) => {
        // pg copies a statement given as an object property by property (descriptors included) and
        // wraps its answer in two promises: a hundredth of a page's CPU. Given a Query made from the
        // text, with its callback, it does neither; the name (a prepared statement) is set before it
        // is sent.
        const query = new Query(statement.text, statement.values, (error, answer) => (error ? reject(error) : resolve(answer as never)));
        if (statement.name) (query as Query & { name?: string }).name = statement.name;
        connection.client.query(query);
      });
      return Array.isArray(result) ? result[result.length - 1].rows : result.rows;
    } finally {
      connection.inFlight -= 1;
    }
  }

  /**
   * An idle connection, else the least busy connected one, whose pipeline takes the statement at
   * once. While all are busy and there may be more, one more is opened (one at a time) for the
   * statements to come: a statement waits for a connection being opened (a PostgreSQL backend
   * started, about 10 ms) only when no connection is open yet.
   */
  private pick(): ReadConnection {
    let best: ReadConnection | undefined;
    let opening: ReadConnection | undefined;
    for (const connection of this.connections) {
      if (!connection.connected) opening ??= connection;
      else if (connection.inFlight === 0) return connection;
      else if (!best || connection.inFlight < best.inFlight) best = connection;
    }
    if (!opening && this.connections.length < this.size) opening = this.open();
    return best ?? opening!;
  }

  private open(): ReadConnection {
    const client = new Client({ ...this.config, application_name: READS_APPLICATION_NAME, pipeline: true } as ClientConfig);
    const connection: ReadConnection = { client, ready: Promise.resolve(), connected: false, inFlight: 0, corked: false };
    const drop = () => {
      const i = this.connections.indexOf(connection);
      if (i >= 0) this.connections.splice(i, 1);
    };
    // A lost connection fails the statements in flight on it (pg rejects them); the next ones open another.
    client.on('error', drop);
    client.on('end', drop);
    connection.ready = client.connect().then(
      () => {
        connection.connected = true;
      },
      (error: unknown) => {
        drop();
        throw error;
      },
    );
    // Opened ahead of need, nobody may wait for it: a failure is the statements' to see, not an unhandled rejection.
    connection.ready.catch(() => undefined);
    this.connections.push(connection);
    return connection;
  }

  async close(): Promise<void> {
    this.closed = true;
    const open = this.connections.splice(0);
    await Promise.all(open.map((c) => c.ready.then(() => c.client.end(), () => undefined)));
  }
}

/** Per ORM (its knex client, which every fork shares): where its kept reads go. */
const registered = new WeakMap<object, PipelinedReads>();

const knexClientOf = (em: EntityManager) => em.getConnection().getKnex().client as object;

/** The ORM's pipelined reads, if it has them (an ORM opened by openDatabase does). */
export const pipelinedReadsOf = (em: EntityManager): PipelinedReads | undefined => registered.get(knexClientOf(em));

/**
 * A statement beside the ORM: on a pipelined connection where the ORM has them, else on one of its
 * pooled connections (taken for the statement and given back).
 */
export async function keptRows(em: EntityManager, statement: ReadStatement): Promise<Record<string, unknown>[]> {
  const pipelined = pipelinedReadsOf(em);
  if (pipelined) return pipelined.rows(statement);
  const client = em.getConnection().getKnex().client as unknown as {
    acquireConnection(): Promise<{ query(config: ReadStatement): Promise<{ rows: Record<string, unknown>[] }> }>;
    releaseConnection(connection: unknown): Promise<void>;
  };
  const connection = await client.acquireConnection();
  try {
    return (await connection.query(statement)).rows;
  } finally {
    await client.releaseConnection(connection);
  }
}

/**
 * A hand-written statement (`$1`, `$2` … for `values`) outside any transaction, counted and sent
 * beside the ORM (keptRows): no pool checkout where the ORM has pipelined connections, no query
 * builder. For the few statements on a hot path (opening a ticket).
 */
export function sendStatement(em: EntityManager, text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  if (em.getTransactionContext()) return Promise.reject(new Error('sendStatement runs outside transactions: inside one, use the transaction\'s connection'));
  countStatement();
  return keptRows(em, { text, values });
}

/**
 * The PostgreSQL connection settings of this ORM's pool (with its type parsers), for a connection
 * of its own beside the pool; a function where they are made per connection (a password from a
 * function).
 */
export function connectionSettingsOf(orm: MikroORM): ClientConfig | (() => Promise<ClientConfig>) {
  return (knexClientOf(orm.em as EntityManager) as { connectionSettings: ClientConfig | (() => Promise<ClientConfig>) }).connectionSettings;
}

/**
 * Gives this ORM pipelined connections for kept reads (compiledRows), with the settings and type
 * parsers of its own pool, closed when the ORM closes; without them its kept reads take pooled
 * connections.
 */
export function enablePipelinedReads(orm: MikroORM, size: number): void {
  const client = knexClientOf(orm.em as EntityManager);
  const settings = connectionSettingsOf(orm);
  // Settings made per connection (a password from a function) stay with the pool's own connections.
  if (typeof settings !== 'object') return;
  const reads = new PipelinedReads(settings, size);
  registered.set(client, reads);
  const close = orm.close.bind(orm);
  orm.close = async (force?: boolean) => {
    await reads.close();
    return close(force);
  };
}
