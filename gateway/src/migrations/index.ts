import { type MigrationObject } from '@mikro-orm/core';

import { Migration20261122064044 } from './Migration20261122064044';
import { Migration20261123090000 } from './Migration20261123090000';

/** Committed migrations, oldest first. `npm run migration:create -w gateway` writes a new one to add here. */
export const migrations: MigrationObject[] = [{ name: 'Migration20261122064044', class: Migration20261122064044 }, { name: 'Migration20261123090000', class: Migration20261123090000 }];
