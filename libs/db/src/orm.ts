import { type MigrationObject, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { type Logger } from 'pino';

import { databaseUrl, ensureDatabase } from './databases';
import { enableFewerTrips } from './one-trip';
import { enablePipelinedReads } from './read-pool';
import { enableFastTimestamps } from './timestamps';

export interface DatabaseOptions {
  /** Server URL; its path is replaced by `dbName`. */
  serverUrl: string;
  /** This service's own database, e.g. `pm_tickets`; created if missing. */
  dbName: string;
  entities: NonNullable<Options['entities']>;
  /** The committed migrations, oldest first. */
  migrations: MigrationObject[];
  /** Apply pending migrations now (development and tests); production runs them as a separate step. */
  migrate: boolean;
  logger: Logger;
  /** Folder new migrations are written to (only the migration CLI needs it). */
  migrationsPath?: string;
  poolMax?: number;
  /** Pipelined connections for kept reads (read-pool.ts), beside the pool. @default 2 */
  readConnections?: number;
}

/** Creates the database if needed, connects MikroORM and (optionally) applies migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<MikroORM> {
  await ensureDatabase(options.serverUrl, options.dbName);
  const log = options.logger.child({ component: 'orm' });
  const orm = await MikroORM.init({
    driver: PostgreSqlDriver,
    clientUrl: databaseUrl(options.serverUrl, options.dbName),
    entities: options.entities,
    extensions: [Migrator],
    migrations: {
      migrationsList: options.migrations,
      path: options.migrationsPath,
      pathTs: options.migrationsPath,
      emit: 'ts',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
    // Every request and event handler forks its own entity manager; the global one is off limits.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    pool: { min: 0, max: options.poolMax ?? 10 },
    discovery: { warnWhenNoEntities: false },
    // Query logging stays off in every environment: its lines carry parameter values (phones, ID numbers).
    debug: false,
    logger: (message) => log.debug(message),
  });
  enableFewerTrips(orm);
  enablePipelinedReads(orm, options.readConnections ?? 2);
  enableFastTimestamps(orm);
  if (options.migrate) {
    const applied = await orm.getMigrator().up();
    if (applied.length) log.info({ migrations: applied.map((m) => m.name) }, 'applied migrations');
  }
  return orm;
}

export type { MikroORM };
