import { type UseCaseContext } from '@pm/subgraph';
import { nextDocumentNumber } from '@pm/db';
import { AppError } from '@pm/errors';
import { Events, recordEvent } from '@pm/events';
import { requirePropertyAccess } from '@pm/identity';

import { RenovationApplication } from './application.entity';
import { type SubmitRenovationInput } from './application.inputs';
import { ResidentDirectoryEntry } from '../units/resident-directory.entity';
import { UnitDirectoryEntry } from '../units/unit-directory.entity';

/** Registers an application as SUBMITTED. */
export async function submitRenovation({ em, identity, clock }: UseCaseContext, input: SubmitRenovationInput): Promise<RenovationApplication> {
  if (!input.selfBuild && !input.contractor) throw AppError.badInput('contractor', 'contractor is required unless the owner builds it themselves (selfBuild)');
  const unit = await em.findOne(UnitDirectoryEntry, { unitId: input.unitId });
  if (!unit) throw AppError.badInput('unitId', `Unit ${input.unitId} is not known to renovation (a unit just added arrives within seconds)`);
  requirePropertyAccess(identity, unit.propertyId);
  // The applicant is someone of this property (the owner, or a tenant or agent with power of attorney).
  const applicant = await em.findOne(ResidentDirectoryEntry, { residentId: input.applicantId });
  if (!applicant || applicant.propertyId !== unit.propertyId) {
    throw AppError.badInput('applicantId', `Resident ${input.applicantId} is not a resident of this property known to renovation`);
  }
  const application = em.create(RenovationApplication, {
    propertyId: unit.propertyId,
    number: await nextDocumentNumber(em, 'renovation_number_seq', 'ZX'),
    unitId: input.unitId,
    applicantId: input.applicantId,
    workItems: [...new Set(input.workItems)],
    selfBuild: input.selfBuild,
    contractor: input.contractor ? { ...input.contractor } : null,
    providedDocuments: [...new Set(input.providedDocuments)],
    submittedBy: identity.name,
    createdAt: clock.now(),
  });
  recordEvent(em, Events.renovationSubmitted, { applicationId: application.id, number: application.number, unitId: application.unitId, applicantId: application.applicantId }, { aggregateId: application.id, actor: identity.sub });
  await em.persistAndFlush(application);
  return application;
}
