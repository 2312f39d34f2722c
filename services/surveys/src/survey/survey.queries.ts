import { type EntityManager } from '@mikro-orm/postgresql';

import { type RatingCount } from './survey.rules';

/** Answers of each survey by category and rating, in one statement for any number of surveys. */
export async function ratingCounts(em: EntityManager, surveyIds: readonly string[]): Promise<Map<string, RatingCount[]>> {
  const rows = await em.getConnection().execute<{ survey_id: string; category: string; rating: string; n: string }[]>(
    'select survey_id, category, rating, count(*) as n from survey_answer where survey_id in (?) group by survey_id, category, rating', [[...surveyIds]], 'all', em.getTransactionContext());
  const bySurvey = new Map(surveyIds.map((id) => [id, [] as RatingCount[]]));
  for (const r of rows) bySurvey.get(r.survey_id)!.push({ category: r.category, rating: r.rating, count: Number(r.n) });
  return bySurvey;
}

/** Responses returned per survey. */
export async function returnedCounts(em: EntityManager, surveyIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await em.getConnection().execute<{ survey_id: string; n: string }[]>(
    'select survey_id, count(*) as n from survey_response where survey_id in (?) group by survey_id', [[...surveyIds]], 'all', em.getTransactionContext());
  return new Map(rows.map((r) => [r.survey_id, Number(r.n)]));
}

/** The comments written most often in each survey (trimmed), with how many wrote each: one statement for any number of surveys. */
export async function commonComments(em: EntityManager, surveyIds: readonly string[], limit = 10): Promise<Map<string, { comment: string; count: number; category: string }[]>> {
  const rows = await em.getConnection().execute<{ survey_id: string; comment: string; category: string; n: string }[]>(
    `select survey_id, comment, category, n from (
       select survey_id, btrim(comment) as comment, min(category::text) as category, count(*) as n,
              row_number() over (partition by survey_id order by count(*) desc, btrim(comment)) as rank
       from survey_answer where survey_id in (?) and comment is not null and btrim(comment) <> ''
       group by survey_id, btrim(comment)
     ) ranked where rank <= ? order by survey_id, rank`, [[...surveyIds], limit]);
  const bySurvey = new Map(surveyIds.map((id) => [id, [] as { comment: string; count: number; category: string }[]]));
  for (const r of rows) bySurvey.get(r.survey_id)!.push({ comment: r.comment, category: r.category, count: Number(r.n) });
  return bySurvey;
}

/** Occupied units of a property now (surveys' unit directory). */
export async function occupiedUnitIds(em: EntityManager, propertyId: string, occupied: readonly string[]): Promise<string[]> {
  const rows = await em.getConnection().execute<{ unit_id: string }[]>(
    'select unit_id from unit_directory where property_id = ? and occupancy in (?) order by code', [propertyId, [...occupied]], 'all', em.getTransactionContext());
  return rows.map((r) => r.unit_id);
}
