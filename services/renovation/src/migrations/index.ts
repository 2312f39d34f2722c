import { type MigrationObject } from '@mikro-orm/core';

import { Migration20261122063706 } from './Migration20261122063706';
import { Migration20261122070021 } from './Migration20261122070021';
import { Migration20261122070954 } from './Migration20261122070954';
import { Migration20261123090000 } from './Migration20261123090000';
import { Migration20261123093000 } from './Migration20261123093000';
import { Migration20261123100000 } from './Migration20261123100000';

/** Committed migrations, oldest first. `npm run migration:create -w services/renovation` writes a new one to add here. */
export const migrations: MigrationObject[] = [{ name: 'Migration20261122063706', class: Migration20261122063706 }, { name: 'Migration20261122070021', class: Migration20261122070021 }, { name: 'Migration20261122070954', class: Migration20261122070954 }, { name: 'Migration20261123090000', class: Migration20261123090000 }, { name: 'Migration20261123093000', class: Migration20261123093000 }, { name: 'Migration20261123100000', class: Migration20261123100000 }];
