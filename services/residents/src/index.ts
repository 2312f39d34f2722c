export { residentsService, startResidents } from './app';
export { residentsEnvironment } from './environment';
export type { ResidentsEnvironment } from './environment';
export { residentsSchema } from './schema';
