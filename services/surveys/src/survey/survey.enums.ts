import { registerEnumType } from 'type-graphql';
import { SATISFACTION_LEVELS } from '@pm/events';

export enum SurveyStatus {
  DRAFT = 'DRAFT',
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
  PUBLISHED = 'PUBLISHED',
}
registerEnumType(SurveyStatus, { name: 'SurveyStatus' });

/** The eight categories of the management plan's owner survey (业主意见调查). */
export enum SurveyCategory {
  POWER_SUPPLY = 'POWER_SUPPLY',
  WATER_SUPPLY = 'WATER_SUPPLY',
  FIRE_AND_SECURITY = 'FIRE_AND_SECURITY',
  SANITATION = 'SANITATION',
  LANDSCAPING = 'LANDSCAPING',
  PUBLIC_FACILITIES = 'PUBLIC_FACILITIES',
  REPAIR_SERVICE = 'REPAIR_SERVICE',
  SERVICE_ATTITUDE = 'SERVICE_ATTITUDE',
}
registerEnumType(SurveyCategory, { name: 'SurveyCategory' });

/** 满意 / 较满意 / 不满意: the same three levels as ticket callbacks (one enum in the graph). */
export const Satisfaction = Object.fromEntries(SATISFACTION_LEVELS.map((level) => [level, level])) as { [K in (typeof SATISFACTION_LEVELS)[number]]: K };
export type Satisfaction = (typeof SATISFACTION_LEVELS)[number];
registerEnumType(Satisfaction, { name: 'Satisfaction' });

/** How an answer reached the desk. */
export enum ResponseChannel {
  /** A paper form entered by staff. */
  PAPER = 'PAPER',
  /** The resident answered through the graph (app). */
  ONLINE = 'ONLINE',
}
registerEnumType(ResponseChannel, { name: 'SurveyResponseChannel' });

export enum RectificationStatus {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  DONE = 'DONE',
  REJECTED = 'REJECTED',
}
registerEnumType(RectificationStatus, { name: 'RectificationStatus' });
