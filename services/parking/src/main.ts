import 'reflect-metadata';

import { runServiceMain } from '@pm/subgraph';

import { startParking } from './app';
import { loadParkingEnvironment } from './environment';

runServiceMain('parking', loadParkingEnvironment, startParking);
