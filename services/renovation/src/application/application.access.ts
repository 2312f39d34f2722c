import { type EntityManager, LockMode } from '@mikro-orm/postgresql';
import { AppError } from '@pm/errors';
import { canAccessProperty, type Identity } from '@pm/identity';

import { RenovationErrors } from '../errors';
import { type RenovationUseCase } from '../settings';
import { RenovationApplication } from './application.entity';
import { FLOW } from './application.rules';

/** Whether the caller acts on this application: staff of its property, or a resident of its unit. */
export function actsOn(identity: Identity, application: RenovationApplication): boolean {
  if (identity.kind === 'staff') return application.propertyId !== null && canAccessProperty(identity, application.propertyId);
  if (identity.kind === 'resident') return (identity.unitIds ?? []).includes(application.unitId);
  return false;
}

/** Loads an application for change, locked for the transaction; anyone it is not theirs to act on gets NOT_FOUND. */
export async function lockApplication(tx: EntityManager, identity: Identity, id: string): Promise<RenovationApplication> {
  const application = await tx.findOne(RenovationApplication, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!application || !actsOn(identity, application)) throw AppError.notFound('RenovationApplication', id);
  return application;
}

/**
 * The one way an application changes, in one transaction: locked, its status checked against the
 * step's (`FLOW`), changed by `apply` (which may refuse and record events), or nothing.
 */
export function changeApplication<T = RenovationApplication>(
  ctx: RenovationUseCase,
  id: string,
  step: keyof typeof FLOW,
  apply: (tx: EntityManager, application: RenovationApplication, now: Date) => Promise<T> | T,
): Promise<T> {
  return ctx.em.transactional(async (tx) => {
    const application = await lockApplication(tx, ctx.identity, id);
    if (!(FLOW[step] as readonly string[]).includes(application.status)) throw RenovationErrors.invalidTransition(application.number, application.status, STEP_NAMES[step]);
    return apply(tx, application, ctx.clock.now());
  });
}

const STEP_NAMES: Record<keyof typeof FLOW, string> = {
  provideDocuments: 'take more documents',
  recordGovernmentApproval: 'record a government approval',
  decide: 'be approved or returned',
  pay: 'take payment',
  confirmProtection: 'have its site protection confirmed (it must be APPROVED)',
  issuePermit: 'get a permit (site protection must be confirmed first)',
  works: 'record inspections, violations or hot work (the works are not under way)',
  requestCompletion: 'ask for the completion inspection',
  inspectCompletion: 'have its completion inspected (none was asked for)',
  refund: 'have its deposit refunded (the completion inspection must have passed)',
};

/** The facts every renovation event carries. */
export const renovationFacts = (a: RenovationApplication) => ({ applicationId: a.id, number: a.number, unitId: a.unitId, propertyId: a.propertyId! });
