export { newId } from './ids';
export { documentNumber, nextDocumentNumber } from './numbers';
export { databaseUrl, dropDatabase, ensureDatabase } from './databases';
export { openDatabase } from './orm';
export { findForRead, rowsForRead } from './read';
export type { DatabaseOptions, MikroORM } from './orm';
export { runMigrationCli } from './migration-cli';
export { countQueries, withQueryCount } from './query-count';
export type { QueryTally } from './query-count';
