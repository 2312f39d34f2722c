import { PropertyKind } from '../property/property.entity';
import { type ResidentsSettings } from '../settings';
import { UnitUsage } from '../unit/unit.entity';
import { HandoverDocument, IdentityDocument } from './handover.entity';

/** What the hand-over checklist looks at. */
export interface HandoverChecklist {
  identityChecked: IdentityDocument[];
  prepaid?: { months: number; electricityFloatFen?: number | null; waterFloatFen?: number | null } | null;
  documentsSigned: HandoverDocument[];
  keysIssued: number;
}

export type HandoverRefusal = { reason: 'IDENTITY_NOT_VERIFIED' | 'FEES_NOT_PREPAID' | 'FLOAT_NOT_PAID' | 'DOCUMENTS_NOT_SIGNED' | 'KEYS_NOT_ISSUED'; message: string };

const yuan = (fen: number) => `${fen / 100} CNY`;

/** Why an accepted hand-over (入伙) may not go ahead, by the procedure's checklist, or null. */
export function handoverRefusal(checklist: HandoverChecklist, usage: UnitUsage, propertyKind: PropertyKind, settings: ResidentsSettings): HandoverRefusal | null {
  const missingIds = Object.values(IdentityDocument).filter((doc) => !checklist.identityChecked.includes(doc));
  if (missingIds.length) return { reason: 'IDENTITY_NOT_VERIFIED', message: `Check the owner's papers first: ${missingIds.join(', ')} not checked` };
  const months = settings.handoverPrepaidMonths;
  const prepaid = checklist.prepaid;
  if (!prepaid || prepaid.months < months) return { reason: 'FEES_NOT_PREPAID', message: `${months} months of management fee are collected in advance at hand-over` };
  const office = usage === UnitUsage.OFFICE || propertyKind === PropertyKind.OFFICE;
  if (office && (prepaid.electricityFloatFen ?? 0) < settings.officeElectricityFloatFen) {
    return { reason: 'FLOAT_NOT_PAID', message: `An office pays an electricity float of ${yuan(settings.officeElectricityFloatFen)} at hand-over` };
  }
  if (propertyKind === PropertyKind.SERVICED_APARTMENT && (prepaid.waterFloatFen ?? 0) < settings.apartmentWaterFloatFen) {
    return { reason: 'FLOAT_NOT_PAID', message: `A serviced apartment pays a water float of ${yuan(settings.apartmentWaterFloatFen)} at hand-over` };
  }
  const unsigned = Object.values(HandoverDocument).filter((doc) => !checklist.documentsSigned.includes(doc));
  if (unsigned.length) return { reason: 'DOCUMENTS_NOT_SIGNED', message: `Not yet signed: ${unsigned.join(', ')}` };
  if (checklist.keysIssued < 1) return { reason: 'KEYS_NOT_ISSUED', message: 'Issue the keys (and record how many) to hand over' };
  return null;
}
