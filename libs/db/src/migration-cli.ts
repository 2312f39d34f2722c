import { type DatabaseOptions, openDatabase } from './orm';

/**
 * `migrate.ts up | create` for a service: applies pending migrations (the production step), or
 * writes a new migration with the difference between the entities and the database.
 */
export async function runMigrationCli(command: string | undefined, options: DatabaseOptions): Promise<void> {
  const orm = await openDatabase({ ...options, migrate: false });
  try {
    const migrator = orm.getMigrator();
    if (command === 'create') {
      const result = await migrator.createMigration(options.migrationsPath, false, options.migrations.length === 0);
      options.logger.info({ file: result.fileName }, result.fileName ? 'migration written: add it to migrations/index.ts' : 'no changes');
    } else if (command === 'up') {
      const applied = await migrator.up();
      options.logger.info({ applied: applied.map((m) => m.name) }, 'migrations applied');
    } else {
      throw new Error(`Unknown command ${command}: use "up" or "create"`);
    }
  } finally {
    await orm.close();
  }
}
