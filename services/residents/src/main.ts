import 'reflect-metadata';

import { runServiceMain } from '@pm/subgraph';

import { startResidents } from './app';
import { loadResidentsEnvironment } from './environment';

runServiceMain('residents', loadResidentsEnvironment, startResidents);
