export { startSurveys, surveysService } from './app';
export { surveysEnvironment } from './environment';
export type { SurveysEnvironment } from './environment';
export { surveysSchema } from './schema';
