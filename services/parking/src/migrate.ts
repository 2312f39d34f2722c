import 'reflect-metadata';

import { runMigrationMain } from '@pm/subgraph';

import { parkingService } from './app';
import { loadParkingEnvironment } from './environment';

runMigrationMain(parkingService, loadParkingEnvironment(), `${__dirname}/migrations`);
