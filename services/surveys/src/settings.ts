import { type SubgraphContext } from '@pm/subgraph';

import { type SurveysEnvironment } from './environment';

/** The surveys service's numbers (DOMAIN.md defaults), built once from its environment. */
export interface SurveysSettings {
  /** Satisfaction targets per ticket kind (complaints 90%, repairs 95%). */
  satisfactionTargets: Readonly<Record<string, number>>;
}

/** The settings of an environment. */
export function surveysSettings(env: SurveysEnvironment): SurveysSettings {
  return Object.freeze({ satisfactionTargets: Object.freeze({ COMPLAINT: env.TARGET_COMPLAINT_SATISFACTION, REPAIR: env.TARGET_REPAIR_SATISFACTION }) });
}

/** A surveys resolver's context. */
export type SurveysContext = SubgraphContext<SurveysSettings>;
