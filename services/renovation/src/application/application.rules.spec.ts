import { BusinessCalendar } from '@pm/calendar';
import { Department } from '@pm/graphql';

import { DocumentType, FeeKind, RenovationWorkItem } from './application.enums';
import { approvalsNeeded, decisionDueBy, depositRefundDueOn, feesFor, inspectionGaps, lastJudgedDay, refundOf, requiredDocuments, requiredUndertakings } from './application.rules';

const calendar = new BusinessCalendar();
const home = { unitUsage: 'HOME', propertyKind: 'RESIDENTIAL', applicantKind: 'OWNER', selfBuild: false, workItems: ['PAINTING'], workerPasses: 0 };
const rates = { depositFen: 200_000, debrisRemovalFen: 30_000, workerPassFen: 2_000, airConditioningChangeFen: 50_000, fireWaterDrainFen: 30_000, fireLinkageFen: 50_000 };

describe('the paperwork of a case', () => {
  it('a home owner with a contractor: the drawings and the contractor’s five sealed papers', () => {
    expect(requiredDocuments(home)).toHaveLength(9);
    expect(requiredDocuments(home)).not.toContain(DocumentType.POWER_OF_ATTORNEY);
  });

  it('self-build: drawings only, and the self-build undertaking', () => {
    expect(requiredDocuments({ ...home, selfBuild: true })).toEqual([DocumentType.FLOOR_PLAN, DocumentType.CEILING_PLAN, DocumentType.PLUMBING_ELECTRICAL_PLAN, DocumentType.WALL_CHANGE_PLAN]);
    expect(requiredUndertakings({ selfBuild: true })).toContain('SELF_BUILD_UNDERTAKING');
    expect(requiredUndertakings({ selfBuild: false })).toHaveLength(5);
  });

  it('a shop is commercial (design qualification) but not an office; a household member needs power of attorney but no lease', () => {
    const shop = requiredDocuments({ ...home, unitUsage: 'SHOP', applicantKind: 'HOUSEHOLD_MEMBER' });
    expect(shop).toContain(DocumentType.DESIGN_QUALIFICATION);
    expect(shop).not.toContain(DocumentType.FACADE_RENDERING);
    expect(shop).toContain(DocumentType.POWER_OF_ATTORNEY);
    expect(shop).not.toContain(DocumentType.LEASE_COPY);
  });

  it('a tenant brings the lease and power of attorney; a company tenant also its licence, legal representative and authorisation', () => {
    expect(requiredDocuments({ ...home, applicantKind: 'TENANT' }).slice(-2)).toEqual([DocumentType.LEASE_COPY, DocumentType.POWER_OF_ATTORNEY]);
    expect(requiredDocuments({ ...home, applicantKind: 'COMPANY' }).slice(-3)).toEqual([DocumentType.COMPANY_BUSINESS_LICENCE, DocumentType.LEGAL_REPRESENTATIVE_CERTIFICATE, DocumentType.COMPANY_AUTHORISATION]);
  });

  it('fire-system, structural and gas work need government approval', () => {
    expect(approvalsNeeded(['PAINTING', 'GAS', 'FIRE_SYSTEM', 'STRUCTURAL'])).toEqual([RenovationWorkItem.GAS, RenovationWorkItem.FIRE_SYSTEM, RenovationWorkItem.STRUCTURAL]);
  });
});

describe('fees', () => {
  it('everyone: deposit, debris removal and passes per worker', () => {
    expect(feesFor({ ...home, workerPasses: 3 }, rates)).toEqual([
      { kind: FeeKind.DEPOSIT, amountFen: 200_000 }, { kind: FeeKind.DEBRIS_REMOVAL, amountFen: 30_000 }, { kind: FeeKind.WORKER_PASSES, amountFen: 6_000 },
    ]);
  });

  it('a serviced apartment pays the fire-water drain only when it changes the fire system; an office pays all three office fees', () => {
    const apartment = { ...home, propertyKind: 'SERVICED_APARTMENT' };
    expect(feesFor(apartment, rates).map((f) => f.kind)).toEqual([FeeKind.DEPOSIT, FeeKind.DEBRIS_REMOVAL]);
    expect(feesFor({ ...apartment, workItems: ['FIRE_SYSTEM'] }, rates).map((f) => f.kind)).toEqual([FeeKind.DEPOSIT, FeeKind.DEBRIS_REMOVAL, FeeKind.FIRE_WATER_DRAIN]);
    expect(feesFor({ ...home, unitUsage: 'OFFICE' }, rates).map((f) => f.kind)).toEqual([FeeKind.DEPOSIT, FeeKind.DEBRIS_REMOVAL, FeeKind.AIR_CONDITIONING_CHANGE, FeeKind.FIRE_WATER_DRAIN, FeeKind.FIRE_LINKAGE]);
  });
});

describe('dates', () => {
  it('the decision is due 3 working days on: Friday → Wednesday; before National Day → the make-up Saturday', () => {
    expect(decisionDueBy(new Date('2026-11-20T02:00:00Z'), 3, calendar).toISOString()).toBe('2026-11-25T02:00:00.000Z');
    expect(decisionDueBy(new Date('2026-09-30T02:00:00Z'), 3, calendar).toISOString()).toBe('2026-10-10T02:00:00.000Z');
  });

  it('the deposit is refundable 3 months after the inspection (kept inside the month), an office’s after 15 days', () => {
    const rules = { refundAfterMonths: 3, officeRefundAfterDays: 15 };
    expect(depositRefundDueOn('2026-11-24', 'HOME', rules)).toBe('2027-02-24');
    expect(depositRefundDueOn('2026-11-30', 'HOME', rules)).toBe('2027-02-28');
    expect(depositRefundDueOn('2026-11-24', 'OFFICE', rules)).toBe('2026-12-09');
  });

  it('a day is judged once the desk has closed on it', () => {
    expect(lastJudgedDay(new Date('2026-11-23T03:00:00Z'), calendar)).toBe('2026-11-22'); // Monday 11:00
    expect(lastJudgedDay(new Date('2026-11-23T10:00:00Z'), calendar)).toBe('2026-11-23'); // Monday 18:00
  });
});

describe('inspection gaps', () => {
  it('lists working days without all three departments, skipping weekends and holidays', () => {
    const walks = [
      { date: '2026-11-20', department: Department.CUSTOMER_SERVICE }, { date: '2026-11-20', department: Department.ENGINEERING }, { date: '2026-11-20', department: Department.SECURITY },
      { date: '2026-11-23', department: Department.CUSTOMER_SERVICE }, { date: '2026-11-23', department: Department.ENGINEERING },
    ];
    expect(inspectionGaps('2026-11-20', '2026-11-24', walks, calendar)).toEqual([
      { date: '2026-11-23', missing: [Department.SECURITY] },
      { date: '2026-11-24', missing: [Department.CUSTOMER_SERVICE, Department.ENGINEERING, Department.SECURITY] },
    ]);
    expect(inspectionGaps('2026-10-01', '2026-10-07', [], calendar)).toEqual([]);
  });
});

describe('refund', () => {
  it('deducts penalties, damage and unpaid charges; a shortfall is owed, never a negative refund', () => {
    expect(refundOf({ depositFen: 200_000, penaltiesFen: 50_000, damageFen: 10_000, unpaidChargesFen: 0 })).toEqual({ refundFen: 140_000, owedFen: 0 });
    expect(refundOf({ depositFen: 200_000, penaltiesFen: 300_000, damageFen: 0, unpaidChargesFen: 5_000 })).toEqual({ refundFen: 0, owedFen: 105_000 });
    expect(refundOf({ depositFen: 200_000, penaltiesFen: 200_000, damageFen: 0, unpaidChargesFen: 0 })).toEqual({ refundFen: 0, owedFen: 0 });
  });
});
