import { PropertyKind } from '../property/property.entity';
import { UnitUsage } from '../unit/unit.entity';
import { HandoverDocument, IdentityDocument } from './handover.entity';
import { handoverRefusal } from './handover.rules';

const settings = { handoverPrepaidMonths: 3, officeElectricityFloatFen: 100_000, apartmentWaterFloatFen: 20_000, releasePassValidHours: 24, moveOutPassDays: 7, patrolRandomFloors: 5, patrolFullCoveragePerWeek: 2 };
const complete = {
  identityChecked: Object.values(IdentityDocument), documentsSigned: Object.values(HandoverDocument), keysIssued: 2,
  prepaid: { months: 3, electricityFloatFen: null, waterFloatFen: null },
};

describe('hand-over checklist (入伙)', () => {
  it('front desk: a complete checklist hands a home over', () => {
    expect(handoverRefusal(complete, UnitUsage.HOME, PropertyKind.RESIDENTIAL, settings)).toBeNull();
  });

  it('front desk: papers, prepaid months, floats, documents and keys are checked in that order', () => {
    expect(handoverRefusal({ ...complete, identityChecked: [] }, UnitUsage.HOME, PropertyKind.RESIDENTIAL, settings)?.reason).toBe('IDENTITY_NOT_VERIFIED');
    expect(handoverRefusal({ ...complete, prepaid: { months: 2 } }, UnitUsage.HOME, PropertyKind.RESIDENTIAL, settings)?.reason).toBe('FEES_NOT_PREPAID');
    expect(handoverRefusal(complete, UnitUsage.OFFICE, PropertyKind.MIXED, settings)).toMatchObject({ reason: 'FLOAT_NOT_PAID', message: expect.stringMatching(/1000 CNY/) });
    expect(handoverRefusal(complete, UnitUsage.HOME, PropertyKind.SERVICED_APARTMENT, settings)).toMatchObject({ reason: 'FLOAT_NOT_PAID', message: expect.stringMatching(/200 CNY/) });
    expect(handoverRefusal({ ...complete, documentsSigned: [] }, UnitUsage.HOME, PropertyKind.RESIDENTIAL, settings)?.reason).toBe('DOCUMENTS_NOT_SIGNED');
    expect(handoverRefusal({ ...complete, keysIssued: 0 }, UnitUsage.HOME, PropertyKind.RESIDENTIAL, settings)?.reason).toBe('KEYS_NOT_ISSUED');
  });

  it('settings: the prepaid months come from the settings, not a literal', () => {
    expect(handoverRefusal(complete, UnitUsage.HOME, PropertyKind.RESIDENTIAL, { ...settings, handoverPrepaidMonths: 6 })?.reason).toBe('FEES_NOT_PREPAID');
  });
});
