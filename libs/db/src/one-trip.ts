import { type MikroORM } from '@mikro-orm/postgresql';

import { currentWork, runInWork } from './work-scope';

/**
 * Transactions that write in fewer round trips: inside `writeInFewerTrips`, `BEGIN` and every plain
 * INSERT (no parameters; no RETURNING, or one of columns it sets: MikroORM's inserts of new
 * entities whose ids the service made) are held back and sent in front of the next statement that
 * needs an answer (a read, an UPDATE, an INSERT asking back what it did not send, `COMMIT`), as one
 * multi-statement query. Opening a ticket (BEGIN, outbox, history, ticket, COMMIT) is one round
 * trip instead of five.
 *
 * What changes for the code inside: an INSERT that breaks a constraint fails at the next statement
 * sent rather than at its own; the transaction is rolled back either way. Code that catches a
 * constraint error to carry on in the same transaction must not run in this scope.
 */
export function writeInFewerTrips<T>(work: () => Promise<T>): Promise<T> {
  return runInWork({ fewerTrips: true }, work);
}

interface PgResult { command: string; rowCount: number | null; rows: unknown[] }
interface PgConnection { query(config: { text: string; values: unknown[] }, callback: (err: Error | null, res: PgResult | PgResult[]) => void): void }
interface KnexQuery { sql: string; bindings?: unknown[]; response?: unknown }
type RawQuery = (connection: PgConnection, obj: KnexQuery) => Promise<KnexQuery>;

/** Statements held back per connection while its transaction is open in the scope. */
const heldBack = new WeakMap<PgConnection, string[]>();

/**
 * An INSERT nobody waits for: no parameters, and nothing after its values, or only a RETURNING of
 * columns it sets itself (MikroORM asks back columns with database defaults even when it sent their
 * values): the answer would be what was sent, so there is nothing to wait for.
 */
function isDeferrable(obj: KnexQuery): boolean {
  if (obj.bindings?.length || !/^insert into /i.test(obj.sql)) return false;
  if (/\)\s*$/.test(obj.sql)) return true;
  const returning = /\) returning ((?:"[a-z0-9_]+"(?:, )?)+)$/.exec(obj.sql);
  const columns = /^insert into "[^"]+" \(([^)]*)\) values /i.exec(obj.sql);
  if (!returning || !columns) return false;
  const sent = new Set(columns[1].split(', '));
  return returning[1].split(', ').every((column) => sent.has(column));
}

function send(connection: PgConnection, text: string): Promise<PgResult | PgResult[]> {
  return new Promise((resolve, reject) => connection.query({ text, values: [] }, (err, res) => (err ? reject(err) : resolve(res))));
}

const INSTALLED = Symbol.for('pm.db.fewerTrips');

/**
 * Installs the hold-back on the PostgreSQL client class this ORM's knex uses (a transaction's
 * client is made from the class's prototype, not from the ORM's instance); it changes nothing
 * outside `writeInFewerTrips`.
 */
export function enableFewerTrips(orm: MikroORM): void {
  const client = orm.em.getConnection().getKnex().client as unknown as { constructor: { prototype: { _query: RawQuery; [INSTALLED]?: true } } };
  const proto = client.constructor.prototype;
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const raw = proto._query;
  proto._query = async function (this: unknown, connection, obj) {
    const held = heldBack.get(connection);
    if (!held) {
      if (obj.sql === 'BEGIN;' && currentWork()?.fewerTrips) {
        heldBack.set(connection, ['BEGIN']);
        obj.response = { command: 'BEGIN', rowCount: null, rows: [] } satisfies PgResult;
        return obj;
      }
      return raw.call(this, connection, obj);
    }
    if (isDeferrable(obj)) {
      held.push(obj.sql);
      obj.response = { command: 'INSERT', rowCount: 1, rows: [] } satisfies PgResult;
      return obj;
    }
    const ending = /^(COMMIT|ROLLBACK)\b/i.test(obj.sql) && !/^ROLLBACK TO\b/i.test(obj.sql);
    if (ending) heldBack.delete(connection);
    else heldBack.set(connection, []);
    if (ending && held[0] === 'BEGIN' && (held.length === 1 || /^ROLLBACK\b/i.test(obj.sql))) {
      // Nothing reached the server yet: nothing to commit, nothing to roll back.
      obj.response = { command: obj.sql.startsWith('COMMIT') ? 'COMMIT' : 'ROLLBACK', rowCount: null, rows: [] } satisfies PgResult;
      return obj;
    }
    if (!held.length) return raw.call(this, connection, obj);
    if (obj.bindings?.length) {
      // A statement with parameters cannot share a simple query: the held ones go first.
      await sendHeld(connection, held, ending);
      return raw.call(this, connection, obj);
    }
    const results = await sendHeld(connection, [...held, obj.sql.replace(/;\s*$/, '')], ending);
    obj.response = results[results.length - 1];
    return obj;
  };
}

async function sendHeld(connection: PgConnection, statements: string[], ending: boolean): Promise<PgResult[]> {
  try {
    const res = await send(connection, statements.join(';\n'));
    return Array.isArray(res) ? res : [res];
  } catch (error) {
    // A failed statement left the transaction aborted; when COMMIT was among the skipped ones the
    // caller will not roll back, so the connection is rolled back here before it goes back to the pool.
    if (ending) await send(connection, 'ROLLBACK').catch(() => undefined);
    throw error;
  }
}
