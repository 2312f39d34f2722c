export { renovationService, startRenovation } from './app';
export { renovationEnvironment } from './environment';
export type { RenovationEnvironment } from './environment';
export { renovationSchema } from './schema';
