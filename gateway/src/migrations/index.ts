import { type MigrationObject } from '@mikro-orm/core';

import { Migration20261122064044 } from './Migration20261122064044';

/** Committed migrations, oldest first. `npm run migration:create -w gateway` writes a new one to add here. */
export const migrations: MigrationObject[] = [{ name: 'Migration20261122064044', class: Migration20261122064044 }];
