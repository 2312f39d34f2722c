import { Department } from '@pm/graphql';
import { type SubgraphContext, type UseCaseContext } from '@pm/subgraph';
import { BusinessCalendar } from '@pm/calendar';

import { type SurveysEnvironment } from './environment';
import { SurveyCategory } from './survey/survey.enums';

/** The department that answers for each category by default (the management plan's split). */
export const DEFAULT_DEPARTMENTS: Record<SurveyCategory, Department> = {
  [SurveyCategory.POWER_SUPPLY]: Department.ENGINEERING,
  [SurveyCategory.WATER_SUPPLY]: Department.ENGINEERING,
  [SurveyCategory.FIRE_AND_SECURITY]: Department.SECURITY,
  [SurveyCategory.SANITATION]: Department.CLEANING,
  [SurveyCategory.LANDSCAPING]: Department.LANDSCAPING,
  [SurveyCategory.PUBLIC_FACILITIES]: Department.ENGINEERING,
  [SurveyCategory.REPAIR_SERVICE]: Department.ENGINEERING,
  [SurveyCategory.SERVICE_ATTITUDE]: Department.CUSTOMER_SERVICE,
};

/** The surveys service's numbers (DOMAIN.md defaults), built once from its environment. */
export interface SurveysSettings {
  calendar: BusinessCalendar;
  /** The year's survey windows, `[open MM-DD, close MM-DD]`, in order. */
  surveyWindows: readonly (readonly [string, string])[];
  /** Satisfaction targets per ticket kind (complaints 90%, repairs 95%). */
  satisfactionTargets: Readonly<Record<string, number>>;
  distributionTarget: number;
  returnTarget: number;
  categoryTarget: number;
  rectificationDueDays: number;
  departments: Readonly<Record<SurveyCategory, Department>>;
  visitQuota: number;
  visitCoverage: number;
}

/** `CATEGORY=DEPARTMENT,…` over the defaults; a name that is not a category or department stops the service at start. */
export function parseDepartments(text: string): Record<SurveyCategory, Department> {
  const map = { ...DEFAULT_DEPARTMENTS };
  for (const pair of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [category, department] = pair.split('=').map((p) => p.trim());
    if (!(category in SurveyCategory) || !(department in Department)) throw new Error(`RECTIFICATION_DEPARTMENTS: ${pair} is not CATEGORY=DEPARTMENT`);
    map[category as SurveyCategory] = department as Department;
  }
  return map;
}

/** The settings of an environment. */
export function surveysSettings(env: SurveysEnvironment): SurveysSettings {
  return Object.freeze({
    calendar: new BusinessCalendar(),
    surveyWindows: env.SURVEY_WINDOWS.split(',').map((w) => w.split('/') as [string, string]).sort((a, b) => a[0].localeCompare(b[0])),
    satisfactionTargets: Object.freeze({ COMPLAINT: env.TARGET_COMPLAINT_SATISFACTION, REPAIR: env.TARGET_REPAIR_SATISFACTION }),
    distributionTarget: env.SURVEY_DISTRIBUTION_TARGET,
    returnTarget: env.SURVEY_RETURN_TARGET,
    categoryTarget: env.SURVEY_CATEGORY_TARGET,
    rectificationDueDays: env.RECTIFICATION_DUE_DAYS,
    departments: Object.freeze(parseDepartments(env.RECTIFICATION_DEPARTMENTS)),
    visitQuota: env.VISIT_MONTHLY_QUOTA,
    visitCoverage: env.VISIT_COVERAGE,
  });
}

/** A surveys resolver's context. */
export type SurveysContext = SubgraphContext<SurveysSettings>;

/** What a surveys use case needs: who, in which unit of work, when, by which numbers. */
export type SurveysUseCase = UseCaseContext<SurveysSettings>;
