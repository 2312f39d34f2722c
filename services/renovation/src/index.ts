export { renovationService, startRenovation } from './app';
export { renovationEnvironment } from './environment';
export type { RenovationEnvironment } from './environment';
export { renovationSchema } from './schema';
export { renovationSettings } from './settings';
export type { RenovationSettings } from './settings';
export { RenovationScheduler } from './works/renovation.scheduler';
