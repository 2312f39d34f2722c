import 'reflect-metadata';

import { runMigrationMain } from '@pm/subgraph';

import { surveysService } from './app';
import { loadSurveysEnvironment } from './environment';

runMigrationMain(surveysService, loadSurveysEnvironment(), `${__dirname}/migrations`);
