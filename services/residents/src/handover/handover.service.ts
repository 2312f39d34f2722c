import { LockMode } from '@mikro-orm/postgresql';
import { AppError } from '@pm/errors';
import { Events, recordEvent } from '@pm/events';
import { type UseCaseContext } from '@pm/subgraph';

import { OccupancyChangeReason } from '../occupancy/occupancy-change.entity';
import { changeOccupancy } from '../occupancy/occupancy.service';
import { Estate, PropertyKind } from '../property/property.entity';
import { Resident, ResidentKind } from '../resident/resident.entity';
import { residentsSettings } from '../settings';
import { OccupancyStatus, Unit, UnitUsage } from '../unit/unit.entity';
import { Handover, HandoverDefect, HandoverDocument, IdentityDocument } from './handover.entity';
import { type HandOverUnitInput } from './handover.inputs';

const yuan = (fen: number) => `${fen / 100} CNY`;

/** Why an accepted hand-over may not go ahead (the procedure's checklist), or null. */
function checklistRefusal(input: HandOverUnitInput, unit: Unit, property: Estate): AppError | null {
  const missingIds = Object.values(IdentityDocument).filter((doc) => !input.identityChecked.includes(doc));
  if (missingIds.length) return AppError.conflict('IDENTITY_NOT_VERIFIED', `Check the owner's papers first: ${missingIds.join(', ')} not checked`);
  const months = residentsSettings.handoverPrepaidMonths;
  if (!input.prepaid || input.prepaid.months < months) {
    return AppError.conflict('FEES_NOT_PREPAID', `${months} months of management fee are collected in advance at hand-over`);
  }
  const office = unit.usage === UnitUsage.OFFICE || property.kind === PropertyKind.OFFICE;
  if (office && (input.prepaid.electricityFloatFen ?? 0) < residentsSettings.officeElectricityFloatFen) {
    return AppError.conflict('FLOAT_NOT_PAID', `An office pays an electricity float of ${yuan(residentsSettings.officeElectricityFloatFen)} at hand-over`);
  }
  if (property.kind === PropertyKind.SERVICED_APARTMENT && (input.prepaid.waterFloatFen ?? 0) < residentsSettings.apartmentWaterFloatFen) {
    return AppError.conflict('FLOAT_NOT_PAID', `A serviced apartment pays a water float of ${yuan(residentsSettings.apartmentWaterFloatFen)} at hand-over`);
  }
  const unsigned = Object.values(HandoverDocument).filter((doc) => !input.documentsSigned.includes(doc));
  if (unsigned.length) return AppError.conflict('DOCUMENTS_NOT_SIGNED', `Not yet signed: ${unsigned.join(', ')}`);
  if (input.keysIssued < 1) return AppError.conflict('KEYS_NOT_ISSUED', 'Issue the keys (and record how many) to hand over');
  return null;
}

/**
 * 入伙: records the joint inspection and the hand-over in one transaction. Accepted, the owner is
 * registered and the unit becomes VACANT (handed over, not yet moved in); refused, it stays
 * NOT_HANDED_OVER with the reason. Either way each defect is published for tickets to repair.
 */
export async function handOverUnit(ctx: UseCaseContext, input: HandOverUnitInput, authorize: (unit: Unit) => void): Promise<Handover> {
  const { identity } = ctx;
  if (input.accepted && !input.owner) throw AppError.badInput('owner', 'an accepted hand-over registers the owner: give owner { name phone idNumber }');
  if (!input.accepted && !input.refusalReason?.trim()) throw AppError.badInput('refusalReason', 'say why the owner does not accept the unit');
  return ctx.em.transactional(async (tx) => {
    const unit = await tx.findOne(Unit, input.unitId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!unit) throw AppError.notFound('Unit', input.unitId);
    authorize(unit);
    if (unit.occupancy !== OccupancyStatus.NOT_HANDED_OVER) throw AppError.conflict('ALREADY_HANDED_OVER', `Unit ${unit.code} has been handed over (${unit.occupancy})`);
    const property = await tx.findOneOrFail(Estate, unit.propertyId);
    if (input.accepted) {
      const refusal = checklistRefusal(input, unit, property);
      if (refusal) throw refusal;
    }
    let owner: Resident | null = null;
    if (input.accepted && input.owner) {
      owner = tx.create(Resident, {
        unit, propertyId: unit.propertyId, kind: ResidentKind.OWNER, name: input.owner.name.trim(),
        phone: input.owner.phone ?? null, idNumber: input.owner.idNumber ?? null,
      });
      recordEvent(tx, Events.residentRegistered, { residentId: owner.id, unitId: unit.id, propertyId: unit.propertyId, kind: owner.kind, active: true }, { aggregateId: owner.id, actor: identity.sub });
    }
    const handover = tx.create(Handover, {
      unitId: unit.id, propertyId: unit.propertyId, ownerId: owner?.id ?? null, accepted: input.accepted,
      refusalReason: input.accepted ? null : input.refusalReason!.trim(),
      identityChecked: [...new Set(input.identityChecked)], documentsSigned: [...new Set(input.documentsSigned)],
      prepaidMonths: input.prepaid?.months ?? 0, managementFeeFen: input.prepaid?.managementFeeFen ?? 0,
      electricityFloatFen: input.prepaid?.electricityFloatFen ?? null, waterFloatFen: input.prepaid?.waterFloatFen ?? null,
      keysIssued: input.keysIssued,
      waterReading: input.meterReadings.water, electricityReading: input.meterReadings.electricity, gasReading: input.meterReadings.gas ?? null,
      by: identity.name,
      at: ctx.clock.now(),
    });
    if (input.accepted) changeOccupancy(tx, ctx, unit, OccupancyStatus.VACANT, OccupancyChangeReason.HANDOVER, `handed over to the owner (${input.keysIssued} keys)`);
    recordEvent(tx, Events.unitHandedOver, {
      handoverId: handover.id, unitId: unit.id, propertyId: unit.propertyId, accepted: input.accepted, ownerId: owner?.id ?? null, defects: input.defects.length,
    }, { aggregateId: unit.id, actor: identity.sub });
    for (const defect of input.defects) {
      const row = tx.create(HandoverDefect, { handoverId: handover.id, description: defect.description.trim(), large: defect.large });
      recordEvent(tx, Events.handoverDefectReported, {
        defectId: row.id, handoverId: handover.id, unitId: unit.id, propertyId: unit.propertyId, ownerId: owner?.id ?? null,
        description: row.description, large: row.large, reportedAt: handover.at.toISOString(),
      }, { aggregateId: unit.id, actor: identity.sub });
    }
    return handover;
  });
}
