import 'reflect-metadata';

import { runServiceMain } from '@pm/subgraph';

import { startRenovation } from './app';
import { loadRenovationEnvironment } from './environment';

runServiceMain('renovation', loadRenovationEnvironment, startRenovation);
