import { type MigrationObject } from '@mikro-orm/core';

import { Migration20261122063836 } from './Migration20261122063836';
import { Migration20261122070024 } from './Migration20261122070024';
import { Migration20261122070957 } from './Migration20261122070957';
import { Migration20261122082222 } from './Migration20261122082222';
import { Migration20261123090000 } from './Migration20261123090000';
import { Migration20261123110000 } from './Migration20261123110000';

/** Committed migrations, oldest first. `npm run migration:create -w services/parking` writes a new one to add here. */
export const migrations: MigrationObject[] = [{ name: 'Migration20261122063836', class: Migration20261122063836 }, { name: 'Migration20261122070024', class: Migration20261122070024 }, { name: 'Migration20261122070957', class: Migration20261122070957 }, { name: 'Migration20261122082222', class: Migration20261122082222 }, { name: 'Migration20261123090000', class: Migration20261123090000 }, { name: 'Migration20261123110000', class: Migration20261123110000 }];
