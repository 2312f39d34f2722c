import { type MigrationObject } from '@mikro-orm/core';

import { Migration20261122063618 } from './Migration20261122063618';
import { Migration20261122070010 } from './Migration20261122070010';
import { Migration20261122070948 } from './Migration20261122070948';
import { Migration20261122074245 } from './Migration20261122074245';
import { Migration20261122074814 } from './Migration20261122074814';
import { Migration20261122075034 } from './Migration20261122075034';
import { Migration20261122075412 } from './Migration20261122075412';
import { Migration20261122080738 } from './Migration20261122080738';
import { Migration20261122082308 } from './Migration20261122082308';
import { Migration20261123090000 } from './Migration20261123090000';
import { Migration20261123113409 } from './Migration20261123113409';
import { Migration20261123115327 } from './Migration20261123115327';
import { Migration20261123115904 } from './Migration20261123115904';
import { Migration20261123120543 } from './Migration20261123120543';
import { Migration20261123121136 } from './Migration20261123121136';
import { Migration20261123145417 } from './Migration20261123145417';
import { Migration20261205120000 } from './Migration20261205120000';
import { Migration20261206100000 } from './Migration20261206100000';

/** Committed migrations, oldest first. `npm run migration:create -w services/tickets` writes a new one to add here. */
export const migrations: MigrationObject[] = [{ name: 'Migration20261122063618', class: Migration20261122063618 }, { name: 'Migration20261122070010', class: Migration20261122070010 }, { name: 'Migration20261122070948', class: Migration20261122070948 }, { name: 'Migration20261122074245', class: Migration20261122074245 }, { name: 'Migration20261122074814', class: Migration20261122074814 }, { name: 'Migration20261122075034', class: Migration20261122075034 }, { name: 'Migration20261122075412', class: Migration20261122075412 }, { name: 'Migration20261122080738', class: Migration20261122080738 }, { name: 'Migration20261122082308', class: Migration20261122082308 }, { name: 'Migration20261123090000', class: Migration20261123090000 }, { name: 'Migration20261123113409', class: Migration20261123113409 }, { name: 'Migration20261123115327', class: Migration20261123115327 }, { name: 'Migration20261123115904', class: Migration20261123115904 }, { name: 'Migration20261123120543', class: Migration20261123120543 }, { name: 'Migration20261123121136', class: Migration20261123121136 }, { name: 'Migration20261123145417', class: Migration20261123145417 }, { name: 'Migration20261205120000', class: Migration20261205120000 }, { name: 'Migration20261206100000', class: Migration20261206100000 }];
