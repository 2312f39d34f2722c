import { LockMode } from '@mikro-orm/postgresql';
import { AppError } from '@pm/errors';
import { Events, recordEvent } from '@pm/events';

import { OccupancyChangeReason } from '../occupancy/occupancy-change.entity';
import { changeOccupancy } from '../occupancy/occupancy.service';
import { Estate } from '../property/property.entity';
import { Resident, ResidentKind } from '../resident/resident.entity';
import { type ResidentsUseCase } from '../settings';
import { handoverRefusal } from './handover.rules';
import { handoverSettingsOf } from '../property/handover-settings';
import { OccupancyStatus, Unit } from '../unit/unit.entity';
import { Handover, HandoverDefect } from './handover.entity';
import { type HandOverUnitInput } from './handover.inputs';
import { ResidentsErrors } from '../errors';


/**
 * 入伙: records the joint inspection and the hand-over in one transaction. Accepted, the owner is
 * registered and the unit becomes VACANT (handed over, not yet moved in); refused, it stays
 * NOT_HANDED_OVER with the reason. Either way each defect is published for tickets to repair.
 */
export async function handOverUnit(ctx: ResidentsUseCase, input: HandOverUnitInput, authorize: (unit: Unit) => void): Promise<Handover> {
  const { identity } = ctx;
  if (input.accepted && !input.owner) throw AppError.badInput('owner', 'an accepted hand-over registers the owner: give owner { name phone idNumber }');
  if (!input.accepted && !input.refusalReason?.trim()) throw AppError.badInput('refusalReason', 'say why the owner does not accept the unit');
  return ctx.em.transactional(async (tx) => {
    const unit = await tx.findOne(Unit, input.unitId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!unit) throw AppError.notFound('Unit', input.unitId);
    authorize(unit);
    if (unit.occupancy !== OccupancyStatus.NOT_HANDED_OVER) throw ResidentsErrors.alreadyHandedOver(unit.code, unit.occupancy);
    const property = await tx.findOneOrFail(Estate, unit.propertyId);
    if (input.accepted) {
      const refusal = handoverRefusal(input, unit.usage, property.kind, handoverSettingsOf(ctx.settings, property.handoverOverrides));
      if (refusal) throw ResidentsErrors.handoverRefused(refusal);
    }
    let owner: Resident | null = null;
    if (input.accepted && input.owner) {
      owner = tx.create(Resident, {
        unit, propertyId: unit.propertyId, kind: ResidentKind.OWNER, name: input.owner.name.trim(),
        phone: input.owner.phone ?? null, idNumber: input.owner.idNumber ?? null, createdAt: ctx.clock.now(),
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
