import 'reflect-metadata';

import { runServiceMain } from '@pm/subgraph';

import { startTickets } from './app';
import { loadTicketsEnvironment } from './environment';

runServiceMain('tickets', loadTicketsEnvironment, startTickets);
