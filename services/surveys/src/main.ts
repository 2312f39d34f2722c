import 'reflect-metadata';

import { runServiceMain } from '@pm/subgraph';

import { startSurveys } from './app';
import { loadSurveysEnvironment } from './environment';

runServiceMain('surveys', loadSurveysEnvironment, startSurveys);
