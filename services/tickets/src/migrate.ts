import 'reflect-metadata';

import { runMigrationMain } from '@pm/subgraph';

import { ticketsService } from './app';
import { loadTicketsEnvironment } from './environment';

runMigrationMain(ticketsService, loadTicketsEnvironment(), `${__dirname}/migrations`);
