import { addDays } from '@pm/calendar';
import { AppError } from '@pm/errors';
import { Events, recordEvent } from '@pm/events';
import { Department } from '@pm/graphql';
import { hasRole, type Identity, Role } from '@pm/identity';

import { changeApplication, renovationFacts } from '../application/application.access';
import { HotWorkPermit, type RenovationApplication, RenovationInspection, RenovationViolation, WorkerPass } from '../application/application.entity';
import { DocumentType, RenovationStatus, ViolationSeverity } from '../application/application.enums';
import { type HotWorkInput, type RefundInput, type ViolationInput, type WorkerInput } from '../application/application.inputs';
import { depositRefundDueOn, INSPECTING_DEPARTMENTS, refundOf } from '../application/application.rules';
import { totalDueFen } from '../application/application.service';
import { RenovationErrors } from '../errors';
import { type RenovationUseCase } from '../settings';

const HOUR_MS = 3_600_000;

/** 现场保护: engineering confirms the common areas are protected before a permit. */
export function confirmSiteProtection(ctx: RenovationUseCase, id: string): Promise<RenovationApplication> {
  return changeApplication(ctx, id, 'confirmProtection', (_tx, application, now) => {
    application.status = RenovationStatus.PROTECTION_CONFIRMED;
    application.protectionConfirmedAt = now;
    application.protectionConfirmedBy = ctx.identity.name;
    return application;
  });
}

export interface PermitRequest {
  workers: WorkerInput[];
  emergencyPhone?: string;
  validUntil?: string;
}

/**
 * 施工许可证: with the fees paid, the permit carries the contractor's emergency phone and each
 * worker gets a pass (at most as many as were paid for); residents then marks the unit UNDER_RENOVATION.
 */
export function issuePermit(ctx: RenovationUseCase, id: string, request: PermitRequest): Promise<RenovationApplication> {
  const { settings, identity } = ctx;
  return changeApplication(ctx, id, 'issuePermit', async (tx, application, now) => {
    if (!application.paidAt) throw RenovationErrors.feesUnpaid(totalDueFen(application));
    if (request.workers.length > application.workerPasses) throw RenovationErrors.workerPassesUnpaid(application.workerPasses, request.workers.length);
    const emergencyPhone = request.emergencyPhone ?? application.contractor?.phone;
    if (!emergencyPhone) throw AppError.badInput('emergencyPhone', 'a self-build permit needs the emergency phone to put on it');
    const today = settings.calendar.localDate(now);
    const validUntil = request.validUntil ?? addDays(today, settings.permitValidDays);
    if (validUntil < today) throw AppError.badInput('validUntil', 'validUntil is in the past');
    application.status = RenovationStatus.PERMIT_ISSUED;
    application.permitIssuedAt = now;
    application.permitValidUntil = validUntil;
    application.emergencyPhone = emergencyPhone;
    // Missing inspections are counted from the permit's day on.
    application.inspectionsCheckedThrough = addDays(today, -1);
    request.workers.forEach((worker, index) => {
      tx.create(WorkerPass, { applicationId: application.id, name: worker.name, idNumber: worker.idNumber.toUpperCase(), passNo: `${application.number}-W${String(index + 1).padStart(2, '0')}`, validUntil });
    });
    recordEvent(tx, Events.renovationPermitIssued, { ...renovationFacts(application), validUntil }, { aggregateId: application.id, actor: identity.sub });
    return application;
  });
}

/** Works visibly going on: the first inspection, violation or hot work after the permit starts them. */
function startWorks(application: RenovationApplication): void {
  if (application.status === RenovationStatus.PERMIT_ISSUED) application.status = RenovationStatus.IN_PROGRESS;
}

/** 动火审批: hot work allowed in a window of at most a few hours, while the works are on. */
export function issueHotWorkPermit(ctx: RenovationUseCase, id: string, input: HotWorkInput): Promise<HotWorkPermit> {
  if (input.until <= input.from) throw AppError.badInput('until', 'until must be after from');
  if (input.until.getTime() - input.from.getTime() > ctx.settings.hotWorkMaxHours * HOUR_MS) throw AppError.badInput('until', `hot work is permitted for at most ${ctx.settings.hotWorkMaxHours} hours at a time`);
  return changeApplication(ctx, id, 'works', (tx, application, now) => {
    if (input.until <= now) throw AppError.badInput('until', 'the window has already ended');
    startWorks(application);
    return tx.create(HotWorkPermit, { applicationId: application.id, from: input.from, until: input.until, location: input.location, fireWatch: input.fireWatch ?? null, approvedBy: ctx.identity.name, approvedAt: now });
  });
}

/** Which department a caller may record a walk for: their own (a supervisor or manager any of the three). */
function mayInspectFor(identity: Identity, department: Department): boolean {
  if (hasRole(identity, Role.SUPERVISOR)) return true;
  const own: Record<string, Role> = { [Department.CUSTOMER_SERVICE]: Role.FRONT_DESK, [Department.ENGINEERING]: Role.ENGINEER, [Department.SECURITY]: Role.SECURITY };
  return identity.roles.includes(own[department]) || identity.roles.includes(Role.PROJECT_MANAGER);
}

/** 巡视: a department's walk of the site today, with what it found. */
export function recordInspection(ctx: RenovationUseCase, id: string, department: Department, findings: string | null): Promise<RenovationApplication> {
  if (!(INSPECTING_DEPARTMENTS as readonly Department[]).includes(department)) {
    throw AppError.badInput('department', `renovation sites are walked by ${INSPECTING_DEPARTMENTS.join(', ')}`);
  }
  if (!mayInspectFor(ctx.identity, department)) throw AppError.forbidden(`Your role does not walk sites for ${department}`);
  return changeApplication(ctx, id, 'works', (tx, application, now) => {
    startWorks(application);
    tx.create(RenovationInspection, { applicationId: application.id, department, date: ctx.settings.calendar.localDate(now), findings, by: ctx.identity.name, at: now });
    return application;
  });
}

/**
 * 违章: a MINOR one is a warning on record; a SERIOUS one is a rectification notice (owner phoned
 * first, then the contractor) with a penalty, and opens a ticket for the supervisor.
 */
export function recordViolation(ctx: RenovationUseCase, id: string, input: ViolationInput): Promise<RenovationApplication> {
  const serious = input.severity === ViolationSeverity.SERIOUS;
  if (!serious && input.penaltyFen > 0) throw AppError.badInput('penaltyFen', 'a MINOR violation gets a warning, not a penalty');
  if (serious) {
    if (!input.ownerNotifiedAt) throw AppError.badInput('ownerNotifiedAt', 'a SERIOUS violation is phoned to the owner first: when was that?');
    if (!input.contractorNotifiedAt) throw AppError.badInput('contractorNotifiedAt', 'a SERIOUS violation is notified to the contractor: when was that?');
    if (input.contractorNotifiedAt < input.ownerNotifiedAt) throw RenovationErrors.ownerNotNotifiedFirst();
  }
  return changeApplication(ctx, id, 'works', (tx, application, now) => {
    startWorks(application);
    const violation = tx.create(RenovationViolation, {
      applicationId: application.id, severity: input.severity, description: input.description, penaltyFen: input.penaltyFen,
      ownerNotifiedAt: serious ? input.ownerNotifiedAt! : null, contractorNotifiedAt: serious ? input.contractorNotifiedAt! : null,
      ownerSigned: input.ownerSigned, contractorSigned: input.contractorSigned, recordedBy: ctx.identity.name, at: now,
    });
    recordEvent(tx, Events.renovationViolationRecorded, {
      ...renovationFacts(application), violationId: violation.id, applicantId: application.applicantId, severity: input.severity,
      description: input.description, penaltyFen: input.penaltyFen, at: now.toISOString(),
    }, { aggregateId: application.id, actor: ctx.identity.sub });
    return application;
  });
}

/** 竣工验收申请: the owner (or the desk for them) asks for the completion inspection. */
export function requestCompletion(ctx: RenovationUseCase, id: string): Promise<RenovationApplication> {
  return changeApplication(ctx, id, 'requestCompletion', (_tx, application, now) => {
    application.status = RenovationStatus.COMPLETION_REQUESTED;
    application.completionRequestedAt = now;
    return application;
  });
}

/**
 * 竣工验收 by engineering and security: an office needs its fire-acceptance receipt first. Passed:
 * the unit's occupancy is restored (event) and the deposit falls due 3 months on (OFFICE: 15 days).
 */
export function recordCompletionInspection(ctx: RenovationUseCase, id: string, passed: boolean, issues: string | null): Promise<RenovationApplication> {
  if (!passed && !issues) throw AppError.badInput('issues', 'a failed inspection lists the issues to fix');
  const { settings } = ctx;
  return changeApplication(ctx, id, 'inspectCompletion', (tx, application, now) => {
    if (application.unitUsage === 'OFFICE' && !application.providedDocuments.includes(DocumentType.FIRE_ACCEPTANCE_RECEIPT)) throw RenovationErrors.fireAcceptanceRequired();
    application.completionInspectedAt = now;
    application.completionIssues = issues;
    if (passed) {
      application.status = RenovationStatus.INSPECTION_PASSED;
      application.inspectionPassedOn = settings.calendar.localDate(now);
      application.depositRefundDueOn = depositRefundDueOn(application.inspectionPassedOn, application.unitUsage, settings);
    } else {
      application.status = RenovationStatus.INSPECTION_FAILED;
    }
    recordEvent(tx, Events.renovationCompletionInspected, { ...renovationFacts(application), passed }, { aggregateId: application.id, actor: ctx.identity.sub });
    return application;
  });
}

/**
 * 押金退还: from its due date, once; the deposit less penalties, damage and unpaid charges (a shortfall
 * is reported as owed), signed by owner, contractor and manager, the owner consenting when the
 * contractor asks.
 */
export function refundDeposit(ctx: RenovationUseCase, id: string, input: RefundInput): Promise<RenovationApplication> {
  return changeApplication(ctx, id, 'refund', async (tx, application, now) => {
    if (application.status === RenovationStatus.REFUNDED) throw RenovationErrors.alreadyRefunded(application.number);
    const today = ctx.settings.calendar.localDate(now);
    if (!application.depositRefundDueOn || today < application.depositRefundDueOn) throw RenovationErrors.refundNotDue(application.depositRefundDueOn ?? 'the passed inspection');
    if (input.requestedByContractor && !input.ownerConsent) throw RenovationErrors.ownerConsentRequired();
    const unsigned = [
      ...(input.ownerSigned ? [] : ['owner']),
      ...(input.contractorSigned || application.selfBuild ? [] : ['contractor']),
      ...(input.managerSigned ? [] : ['project manager']),
    ];
    if (unsigned.length) throw RenovationErrors.signaturesRequired(unsigned);
    const violations = await tx.find(RenovationViolation, { applicationId: application.id });
    const figures = {
      depositFen: application.fees.find((f) => f.kind === 'DEPOSIT')?.amountFen ?? 0,
      penaltiesFen: violations.reduce((sum, v) => sum + v.penaltyFen, 0),
      damageFen: input.damageFen,
      unpaidChargesFen: input.unpaidChargesFen,
    };
    const { refundFen, owedFen } = refundOf(figures);
    application.status = RenovationStatus.REFUNDED;
    application.refund = {
      ...figures, refundFen, owedFen, requestedByContractor: input.requestedByContractor, ownerConsent: input.ownerConsent,
      ownerSigned: input.ownerSigned, contractorSigned: input.contractorSigned, managerSigned: input.managerSigned,
      note: input.note ?? null, refundedAt: now, by: ctx.identity.name,
    };
    recordEvent(tx, Events.renovationDepositRefunded, { ...renovationFacts(application), refundFen, owedFen }, { aggregateId: application.id, actor: ctx.identity.sub });
    return application;
  });
}
