import { type EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '@pm/errors';
import { Events, recordEvent } from '@pm/events';
import { requirePropertyAccess } from '@pm/identity';

import { type SurveysUseCase } from '../settings';
import { OCCUPIED, ResidentDirectoryEntry, UnitDirectoryEntry } from '../units/directory.entity';
import { visitSummary, type StaffVisits } from '../survey/survey.rules';
import { Visit } from './visit.entity';
import { type VisitInput } from './visit.inputs';

/** 走访: records a visit; feedback that needs action opens a ticket (event to tickets). */
export async function recordVisit({ em, identity, clock }: SurveysUseCase, input: VisitInput): Promise<Visit> {
  if (input.needsAction && !input.feedback?.trim()) throw AppError.badInput('feedback', 'say what needs action');
  const unit = await em.findOne(UnitDirectoryEntry, { unitId: input.unitId });
  if (!unit) throw AppError.badInput('unitId', `Unit ${input.unitId} is not known to surveys (a unit just added arrives within seconds)`);
  requirePropertyAccess(identity, unit.propertyId);
  if (input.residentId) {
    const resident = await em.findOne(ResidentDirectoryEntry, { residentId: input.residentId });
    if (!resident || resident.unitId !== unit.unitId) throw AppError.badInput('residentId', `Resident ${input.residentId} is not a resident of unit ${unit.code}`);
  }
  const now = clock.now();
  const visitedAt = input.visitedAt ?? now;
  if (visitedAt > now || now.getTime() - visitedAt.getTime() > 62 * 86_400_000) throw AppError.badInput('visitedAt', 'visitedAt must be in the last 62 days, not in the future');
  const visit = em.create(Visit, {
    propertyId: unit.propertyId, unitId: unit.unitId, residentId: input.residentId ?? null, method: input.method, topics: input.topics.trim(),
    feedback: input.feedback?.trim() || null, residentSigned: input.residentSigned, needsAction: input.needsAction,
    visitedById: identity.sub, visitedBy: identity.name, visitedAt,
  });
  if (visit.needsAction) {
    recordEvent(em, Events.visitActionNeeded, { visitId: visit.id, propertyId: visit.propertyId, unitId: visit.unitId, residentId: visit.residentId, topics: visit.topics, at: visitedAt.toISOString() }, { aggregateId: visit.id, actor: identity.sub });
  }
  await em.flush();
  return visit;
}

/** 走访汇总 for a local month: per assistant against the quota, the total against the coverage of occupied units. */
export async function summariseVisits(em: EntityManager, propertyId: string, month: string, { calendar, visitQuota, visitCoverage }: SurveysUseCase['settings']) {
  const { from, to } = calendar.monthRange(month);
  const rows = await em.getConnection().execute<{ visited_by_id: string; visited_by: string; n: string }[]>(
    `select visited_by_id, max(visited_by) as visited_by, count(*) as n from visit
      where property_id = ? and visited_at >= ? and visited_at < ? group by visited_by_id`, [propertyId, from, to]);
  const staff: StaffVisits[] = rows.map((r) => ({ staffId: r.visited_by_id, name: r.visited_by, visits: Number(r.n) }));
  const occupied = await em.count(UnitDirectoryEntry, { propertyId, occupancy: { $in: OCCUPIED } });
  return { month, ...visitSummary(staff, occupied, visitQuota, visitCoverage) };
}
