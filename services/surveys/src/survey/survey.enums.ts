import { registerEnumType } from 'type-graphql';

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
