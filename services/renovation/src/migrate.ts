import 'reflect-metadata';

import { runMigrationMain } from '@pm/subgraph';

import { renovationService } from './app';
import { loadRenovationEnvironment } from './environment';

runMigrationMain(renovationService, loadRenovationEnvironment(), `${__dirname}/migrations`);
