import { type EntityManager, LockMode } from '@mikro-orm/postgresql';
import { AppError } from '@pm/errors';
import { Events, recordEvent } from '@pm/events';
import { canAccessProperty } from '@pm/identity';

import { SurveysErrors } from '../errors';
import { type SurveysUseCase } from '../settings';
import { OCCUPIED, UnitDirectoryEntry } from '../units/directory.entity';
import { Rectification, Survey, SurveyAnswer, SurveyDistribution, SurveyResponse } from './survey.entity';
import { ResponseChannel, SurveyCategory, SurveyStatus } from './survey.enums';
import { type CreateSurveyInput, type SurveyResponseInput } from './survey.inputs';
import { occupiedUnitIds, ratingCounts, returnedCounts } from './survey.queries';
import { belowTarget, categoryResults, nextWindow, overallRate } from './survey.rules';

const DAY_MS = 86_400_000;

/** Drafts a survey, by default for the next semiannual window and all eight categories. */
export async function createSurvey({ em, identity, clock, settings }: SurveysUseCase, input: CreateSurveyInput): Promise<Survey> {
  const window = input.opensOn && input.closesOn ? { opensOn: input.opensOn, closesOn: input.closesOn } : nextWindow(settings.calendar.localDate(clock.now()), settings.surveyWindows);
  if (!input.opensOn !== !input.closesOn) throw AppError.badInput(input.opensOn ? 'closesOn' : 'opensOn', 'give both opensOn and closesOn, or neither for the next semiannual window');
  if (window.closesOn < window.opensOn) throw AppError.badInput('closesOn', 'closesOn must not be before opensOn');
  const survey = em.create(Survey, {
    createdAt: clock.now(),
    propertyId: input.propertyId,
    title: input.title.trim(),
    ...window,
    categories: input.categories ? [...new Set(input.categories)] : Object.values(SurveyCategory),
    createdBy: identity.name,
  });
  recordEvent(em, Events.surveyCreated, { surveyId: survey.id, propertyId: survey.propertyId, opensOn: survey.opensOn, closesOn: survey.closesOn }, { aggregateId: survey.id, actor: identity.sub });
  await em.persistAndFlush(survey);
  return survey;
}

/** Loads a survey for change, locked; staff of other properties get NOT_FOUND. */
async function lockSurvey(tx: EntityManager, ctx: SurveysUseCase, id: string): Promise<Survey> {
  const survey = await tx.findOne(Survey, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!survey || ctx.identity.kind !== 'staff' || !canAccessProperty(ctx.identity, survey.propertyId)) throw AppError.notFound('Survey', id);
  return survey;
}

/**
 * Hands the survey out (发放) and opens it: to the units named, or by default every occupied unit
 * of the property (from residents' events); the distribution rate's base is the occupied units now.
 * Distributing again adds units.
 */
export function distributeSurvey(ctx: SurveysUseCase, id: string, unitIds: string[] | null): Promise<Survey> {
  return ctx.em.transactional(async (tx) => {
    const survey = await lockSurvey(tx, ctx, id);
    if (survey.status !== SurveyStatus.DRAFT && survey.status !== SurveyStatus.OPEN) throw SurveysErrors.invalidTransition(survey.title, survey.status, 'be distributed');
    const occupied = await occupiedUnitIds(tx, survey.propertyId, OCCUPIED);
    let targets = occupied;
    if (unitIds) {
      const known = await tx.find(UnitDirectoryEntry, { unitId: { $in: unitIds }, propertyId: survey.propertyId });
      const unknown = unitIds.findIndex((u) => !known.some((k) => k.unitId === u));
      if (unknown >= 0) throw AppError.badInput(`unitIds[${unknown}]`, `Unit ${unitIds[unknown]} is not a unit of this property known to surveys`);
      targets = [...new Set(unitIds)];
    }
    if (!targets.length) throw SurveysErrors.noOccupiedUnits();
    const already = new Set((await tx.find(SurveyDistribution, { surveyId: survey.id })).map((d) => d.unitId));
    const added = targets.filter((unitId) => !already.has(unitId));
    for (const unitId of added) tx.create(SurveyDistribution, { surveyId: survey.id, unitId });
    survey.distributedCount = already.size + added.length;
    survey.occupiedAtDistribution = occupied.length;
    survey.distributedAt ??= ctx.clock.now();
    survey.status = SurveyStatus.OPEN;
    recordEvent(tx, Events.surveyDistributed, { surveyId: survey.id, propertyId: survey.propertyId, distributed: survey.distributedCount, occupiedUnits: occupied.length }, { aggregateId: survey.id, actor: ctx.identity.sub });
    return survey;
  });
}

/**
 * One unit's answers (a paper form entered by staff, or the resident online for their own unit),
 * accepted once per unit and only while the survey is open inside its window.
 */
export async function submitResponse(ctx: SurveysUseCase, input: SurveyResponseInput): Promise<SurveyResponse> {
  const { em, identity, clock, settings } = ctx;
  const survey = await em.findOne(Survey, input.surveyId);
  if (!survey || !canAccessProperty(identity, survey.propertyId)) throw AppError.notFound('Survey', input.surveyId);
  if (identity.kind === 'resident' && !(identity.unitIds ?? []).includes(input.unitId)) throw AppError.forbidden('Residents answer for their own units only');
  const seen = new Set<string>();
  input.answers.forEach((answer, i) => {
    if (!survey.categories.includes(answer.category)) throw AppError.badInput(`answers[${i}].category`, `${answer.category} is not asked in this survey`);
    if (seen.has(answer.category)) throw AppError.badInput(`answers[${i}].category`, `${answer.category} is answered twice`);
    seen.add(answer.category);
  });
  const today = settings.calendar.localDate(clock.now());
  if (survey.status !== SurveyStatus.OPEN) throw SurveysErrors.notOpen(survey.title, `it is ${survey.status}`);
  if (today < survey.opensOn || today > survey.closesOn) throw SurveysErrors.notOpen(survey.title, `answers are taken from ${survey.opensOn} to ${survey.closesOn}`);
  const unit = await em.findOne(UnitDirectoryEntry, { unitId: input.unitId, propertyId: survey.propertyId });
  if (!unit || !(await em.count(SurveyDistribution, { surveyId: survey.id, unitId: unit.unitId }))) throw SurveysErrors.notDistributed(unit?.code ?? input.unitId);
  if (await em.count(SurveyResponse, { surveyId: survey.id, unitId: unit.unitId })) throw SurveysErrors.alreadyAnswered(unit.code);
  const response = em.create(SurveyResponse, {
    surveyId: survey.id, unitId: unit.unitId, propertyId: survey.propertyId, channel: identity.kind === 'resident' ? ResponseChannel.ONLINE : ResponseChannel.PAPER,
    submittedBy: identity.name, submittedAt: clock.now(),
  });
  for (const answer of input.answers) em.create(SurveyAnswer, { responseId: response.id, surveyId: survey.id, category: answer.category, rating: answer.rating, comment: answer.comment?.trim() || null });
  await em.flush();
  return response;
}

/** The survey's results as they stand. */
export async function resultsOf(em: EntityManager, survey: Survey, target: number) {
  const counts = (await ratingCounts(em, [survey.id])).get(survey.id)!;
  const results = categoryResults(survey.categories, counts, target);
  return { results, overall: overallRate(results), returned: (await returnedCounts(em, [survey.id])).get(survey.id) ?? 0 };
}

/**
 * Closes the survey: every category below target gets a rectification for its department, with a
 * corrective action and due date, and tickets opens a RECTIFICATION ticket for each (events).
 */
export function closeSurvey(ctx: SurveysUseCase, id: string): Promise<Survey> {
  const { settings } = ctx;
  return ctx.em.transactional(async (tx) => {
    const survey = await lockSurvey(tx, ctx, id);
    if (survey.status !== SurveyStatus.OPEN) throw SurveysErrors.invalidTransition(survey.title, survey.status, 'be closed');
    const now = ctx.clock.now();
    const { results, overall, returned } = await resultsOf(tx, survey, settings.categoryTarget);
    survey.status = SurveyStatus.CLOSED;
    survey.closedAt = now;
    const dueOn = settings.calendar.localDate(new Date(now.getTime() + settings.rectificationDueDays * DAY_MS));
    for (const short of belowTarget(results)) {
      const department = settings.departments[short.category];
      const action = `${short.category}: satisfaction ${(short.satisfactionRate! * 100).toFixed(1)}% below the ${(settings.categoryTarget * 100).toFixed(0)}% target; ${department} to find the causes, correct them and report back by ${dueOn}`;
      const rectification = tx.create(Rectification, { surveyId: survey.id, propertyId: survey.propertyId, category: short.category, department, satisfactionRate: short.satisfactionRate!, action, dueOn });
      recordEvent(tx, Events.rectificationCreated, {
        rectificationId: rectification.id, surveyId: survey.id, propertyId: survey.propertyId, category: short.category, department, satisfactionRate: short.satisfactionRate!, action, dueOn,
      }, { aggregateId: rectification.id, actor: ctx.identity.sub });
    }
    recordEvent(tx, Events.surveyClosed, { surveyId: survey.id, propertyId: survey.propertyId, returned, overallSatisfactionRate: overall }, { aggregateId: survey.id, actor: ctx.identity.sub });
    return survey;
  });
}

/** Results go to the residents (公布). */
export function publishSurvey(ctx: SurveysUseCase, id: string): Promise<Survey> {
  return ctx.em.transactional(async (tx) => {
    const survey = await lockSurvey(tx, ctx, id);
    if (survey.status !== SurveyStatus.CLOSED) throw SurveysErrors.invalidTransition(survey.title, survey.status, 'be published (close it first)');
    survey.status = SurveyStatus.PUBLISHED;
    survey.publishedAt = ctx.clock.now();
    return survey;
  });
}
