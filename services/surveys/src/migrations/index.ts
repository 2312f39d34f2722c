import { type MigrationObject } from '@mikro-orm/core';

import { Migration20261122063842 } from './Migration20261122063842';
import { Migration20261122070027 } from './Migration20261122070027';
import { Migration20261122071000 } from './Migration20261122071000';
import { Migration20261122080918 } from './Migration20261122080918';
import { Migration20261123120000 } from './Migration20261123120000';
import { Migration20261123125245 } from './Migration20261123125245';

/** Committed migrations, oldest first. `npm run migration:create -w services/surveys` writes a new one to add here. */
export const migrations: MigrationObject[] = [{ name: 'Migration20261122063842', class: Migration20261122063842 }, { name: 'Migration20261122070027', class: Migration20261122070027 }, { name: 'Migration20261122071000', class: Migration20261122071000 }, { name: 'Migration20261122080918', class: Migration20261122080918 }, { name: 'Migration20261123120000', class: Migration20261123120000 }, { name: 'Migration20261123125245', class: Migration20261123125245 }];
