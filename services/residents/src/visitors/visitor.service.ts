import { AppError } from '@pm/errors';
import { requirePropertyAccess } from '@pm/identity';
import { type UseCaseContext } from '@pm/subgraph';

import { Unit } from '../unit/unit.entity';
import { VisitorEntry } from './visitor.entity';
import { type VisitorInput } from './visitor.inputs';
import { ResidentsErrors } from '../errors';

/** 来人来访记录: a visitor let in at the gate or the desk, for a unit of a property the caller works for. */
export async function registerVisitor(ctx: UseCaseContext, input: VisitorInput): Promise<VisitorEntry> {
  let propertyId: string;
  let hostUnitId: string | null = null;
  let approvedBy: string | null = null;
  if (input.hostUnitId) {
    const unit = await ctx.em.findOne(Unit, input.hostUnitId);
    if (!unit) throw AppError.badInput('hostUnitId', 'no such unit');
    if (input.propertyId && input.propertyId !== unit.propertyId) throw AppError.badInput('propertyId', 'the host unit is in another property');
    ({ propertyId } = unit);
    hostUnitId = unit.id;
  } else {
    // Officials, inspectors, tour groups: nobody of a unit receives them, so the duty manager approves.
    if (!input.propertyId) throw AppError.badInput('hostUnitId', 'name the unit visited, or the propertyId for visitors of the property itself');
    approvedBy = input.approvedBy?.trim() || null;
    if (!approvedBy) throw AppError.badInput('approvedBy', 'visitors without a host unit are approved by the duty manager: name them');
    propertyId = input.propertyId;
  }
  requirePropertyAccess(ctx.identity, propertyId);
  const entry = ctx.em.create(VisitorEntry, {
    propertyId, hostUnitId, approvedBy, visitorName: input.visitorName.trim(), visitors: input.visitors,
    purpose: input.purpose.trim(), admission: input.admission, admittedBy: ctx.identity.name, arrivedAt: ctx.clock.now(),
  });
  await ctx.em.flush();
  return entry;
}

/** The visitor left; recorded once. */
export async function recordVisitorExit(ctx: UseCaseContext, id: string): Promise<VisitorEntry> {
  const entry = await ctx.em.findOne(VisitorEntry, id);
  if (!entry) throw AppError.notFound('VisitorEntry', id);
  requirePropertyAccess(ctx.identity, entry.propertyId);
  if (entry.leftAt) throw ResidentsErrors.alreadyLeft(entry.leftAt);
  entry.leftAt = ctx.clock.now();
  await ctx.em.flush();
  return entry;
}
