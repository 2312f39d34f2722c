import { type MigrationObject } from '@mikro-orm/core';

import { Migration20261122063230 } from './Migration20261122063230';
import { Migration20261122070015 } from './Migration20261122070015';
import { Migration20261122070951 } from './Migration20261122070951';
import { Migration20261122082054 } from './Migration20261122082054';
import { Migration20261123090000 } from './Migration20261123090000';
import { Migration20261123114506 } from './Migration20261123114506';
import { Migration20261123120431 } from './Migration20261123120431';
import { Migration20261123121031 } from './Migration20261123121031';
import { Migration20261123121425 } from './Migration20261123121425';
import { Migration20261123121549 } from './Migration20261123121549';
import { Migration20261123145535 } from './Migration20261123145535';

/** Committed migrations, oldest first. `npm run migration:create -w services/residents` writes a new one to add here. */
export const migrations: MigrationObject[] = [{ name: 'Migration20261122063230', class: Migration20261122063230 }, { name: 'Migration20261122070015', class: Migration20261122070015 }, { name: 'Migration20261122070951', class: Migration20261122070951 }, { name: 'Migration20261122082054', class: Migration20261122082054 }, { name: 'Migration20261123090000', class: Migration20261123090000 }, { name: 'Migration20261123114506', class: Migration20261123114506 }, { name: 'Migration20261123120431', class: Migration20261123120431 }, { name: 'Migration20261123121031', class: Migration20261123121031 }, { name: 'Migration20261123121425', class: Migration20261123121425 }, { name: 'Migration20261123121549', class: Migration20261123121549 }, { name: 'Migration20261123145535', class: Migration20261123145535 }];
