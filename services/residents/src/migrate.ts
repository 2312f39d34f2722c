import 'reflect-metadata';

import { runMigrationMain } from '@pm/subgraph';

import { residentsService } from './app';
import { loadResidentsEnvironment } from './environment';

runMigrationMain(residentsService, loadResidentsEnvironment(), `${__dirname}/migrations`);
