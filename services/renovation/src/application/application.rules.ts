import { addDays, addMonths, type BusinessCalendar } from '@pm/calendar';
import { Department } from '@pm/graphql';

import { DocumentType, FeeKind, RenovationStatus, RenovationWorkItem, UndertakingType } from './application.enums';

/** The facts an application's paperwork is computed from, as renovation knew them at submission. */
export interface ApplicationCase {
  /** HOME, OFFICE or SHOP. */
  unitUsage: string;
  /** RESIDENTIAL, OFFICE, SERVICED_APARTMENT or MIXED. */
  propertyKind: string;
  /** OWNER, TENANT, HOUSEHOLD_MEMBER or COMPANY. */
  applicantKind: string;
  selfBuild: boolean;
  workItems: readonly string[];
  workerPasses: number;
}

const DRAWINGS = [DocumentType.FLOOR_PLAN, DocumentType.CEILING_PLAN, DocumentType.PLUMBING_ELECTRICAL_PLAN, DocumentType.WALL_CHANGE_PLAN];
const CONTRACTOR_PAPERS = [
  DocumentType.CONTRACTOR_RESPONSIBLE_PERSON_ID, DocumentType.CONTRACTOR_AUTHORISATION, DocumentType.CONTRACTOR_BUSINESS_LICENCE,
  DocumentType.CONTRACTOR_QUALIFICATION, DocumentType.CONTRACTOR_TAX_REGISTRATION,
];

const isOffice = (c: Pick<ApplicationCase, 'unitUsage'>) => c.unitUsage === 'OFFICE';
/** 商业性质: a shop or office unit, or any unit of an office property. */
const isCommercial = (c: Pick<ApplicationCase, 'unitUsage' | 'propertyKind'>) => c.unitUsage === 'SHOP' || c.unitUsage === 'OFFICE' || c.propertyKind === 'OFFICE';

/**
 * The papers an application needs (装修申请资料), as the renovation procedure lists them: the drawings
 * always; the contractor's sealed papers unless the owner builds it themselves; an office's facade,
 * air-conditioning and fire-design papers; a commercial site's design qualification; for anyone but
 * the owner a power of attorney (and a lease for tenants), and a company tenant's own papers.
 */
export function requiredDocuments(c: ApplicationCase): DocumentType[] {
  const needed = [...DRAWINGS];
  if (!c.selfBuild) needed.push(...CONTRACTOR_PAPERS);
  if (isOffice(c)) needed.push(DocumentType.FACADE_RENDERING, DocumentType.AIR_CONDITIONING_PLAN, DocumentType.FIRE_DESIGN_REVIEW_RECEIPT);
  if (isCommercial(c)) needed.push(DocumentType.DESIGN_QUALIFICATION);
  if (c.applicantKind === 'TENANT' || c.applicantKind === 'COMPANY') needed.push(DocumentType.LEASE_COPY);
  if (c.applicantKind !== 'OWNER') needed.push(DocumentType.POWER_OF_ATTORNEY);
  if (c.applicantKind === 'COMPANY') needed.push(DocumentType.COMPANY_BUSINESS_LICENCE, DocumentType.LEGAL_REPRESENTATIVE_CERTIFICATE, DocumentType.COMPANY_AUTHORISATION);
  return needed;
}

/** The undertakings to sign: always five, and the self-build undertaking for 自装. */
export function requiredUndertakings(c: Pick<ApplicationCase, 'selfBuild'>): UndertakingType[] {
  const needed = [
    UndertakingType.APPLICATION_FORM, UndertakingType.MANAGEMENT_AGREEMENT, UndertakingType.NON_LOAD_BEARING_WALL_UNDERTAKING,
    UndertakingType.FIRE_SAFETY_RESPONSIBILITY, UndertakingType.FIRE_FACILITY_UNDERTAKING,
  ];
  if (c.selfBuild) needed.push(UndertakingType.SELF_BUILD_UNDERTAKING);
  return needed;
}

/** Work that needs a government approval before it is approved here, and from whom (办事指南). */
export const GOVERNMENT_APPROVALS: Partial<Record<RenovationWorkItem, string>> = {
  [RenovationWorkItem.FIRE_SYSTEM]: '消防报建 (fire authority)',
  [RenovationWorkItem.STRUCTURAL]: '结构改动报批 (housing and construction authority)',
  [RenovationWorkItem.GAS]: '煤气改动报批 (gas company)',
};

export const approvalsNeeded = (workItems: readonly string[]) => workItems.filter((item): item is RenovationWorkItem => item in GOVERNMENT_APPROVALS);

/** A property's fee schedule, fen. */
export interface FeeRates {
  depositFen: number;
  debrisRemovalFen: number;
  workerPassFen: number;
  airConditioningChangeFen: number;
  fireWaterDrainFen: number;
  fireLinkageFen: number;
}

export interface FeeLine {
  kind: FeeKind;
  amountFen: number;
}

/**
 * The fees (收费标准): deposit, debris removal and worker passes for everyone; an office adds the
 * air-conditioning change, fire-water drain and fire-linkage fees; a serviced apartment changing its
 * fire system pays the fire-water drain fee only.
 */
export function feesFor(c: ApplicationCase, rates: FeeRates): FeeLine[] {
  const lines: FeeLine[] = [
    { kind: FeeKind.DEPOSIT, amountFen: rates.depositFen },
    { kind: FeeKind.DEBRIS_REMOVAL, amountFen: rates.debrisRemovalFen },
  ];
  if (c.workerPasses > 0) lines.push({ kind: FeeKind.WORKER_PASSES, amountFen: c.workerPasses * rates.workerPassFen });
  if (isOffice(c)) {
    lines.push(
      { kind: FeeKind.AIR_CONDITIONING_CHANGE, amountFen: rates.airConditioningChangeFen },
      { kind: FeeKind.FIRE_WATER_DRAIN, amountFen: rates.fireWaterDrainFen },
      { kind: FeeKind.FIRE_LINKAGE, amountFen: rates.fireLinkageFen },
    );
  } else if (c.propertyKind === 'SERVICED_APARTMENT' && c.workItems.includes(RenovationWorkItem.FIRE_SYSTEM)) {
    lines.push({ kind: FeeKind.FIRE_WATER_DRAIN, amountFen: rates.fireWaterDrainFen });
  }
  return lines;
}

/** The decision is due `days` working days after submission (审批: 3 个工作日内). */
export const decisionDueBy = (submittedAt: Date, days: number, calendar: BusinessCalendar) => calendar.addWorkingDays(submittedAt, days);

/** 自竣工验收之日起3个月(写字楼15日): the first day the deposit may be refunded. */
export function depositRefundDueOn(passedOn: string, unitUsage: string, rules: { refundAfterMonths: number; officeRefundAfterDays: number }): string {
  return unitUsage === 'OFFICE' ? addDays(passedOn, rules.officeRefundAfterDays) : addMonths(passedOn, rules.refundAfterMonths);
}

/** The three departments that walk every site every working day (巡视). */
export const INSPECTING_DEPARTMENTS = [Department.CUSTOMER_SERVICE, Department.ENGINEERING, Department.SECURITY] as const;

/** The last local date whose inspections can be judged: today once the desk has closed, else yesterday. */
export function lastJudgedDay(now: Date, calendar: BusinessCalendar): string {
  const today = calendar.localDate(now);
  return calendar.localDate(calendar.endOfWorkingDay(now)) !== today ? today : addDays(today, -1);
}

export interface InspectionGap {
  date: string;
  missing: Department[];
}

/**
 * Working days from `firstDay` to `lastDay` (local dates, inclusive) on which not all three
 * departments inspected, with who was missing.
 */
export function inspectionGaps(firstDay: string, lastDay: string, inspections: readonly { date: string; department: string }[], calendar: BusinessCalendar): InspectionGap[] {
  const byDay = new Map<string, Set<string>>();
  for (const i of inspections) byDay.set(i.date, (byDay.get(i.date) ?? new Set()).add(i.department));
  const gaps: InspectionGap[] = [];
  for (let date = firstDay; date <= lastDay; date = addDays(date, 1)) {
    if (!calendar.isWorkingDay(date)) continue;
    const seen = byDay.get(date) ?? new Set();
    const missing = INSPECTING_DEPARTMENTS.filter((d) => !seen.has(d));
    if (missing.length) gaps.push({ date, missing: [...missing] });
  }
  return gaps;
}

export interface RefundFigures {
  depositFen: number;
  penaltiesFen: number;
  damageFen: number;
  unpaidChargesFen: number;
}

/** What goes back (退还押金): the deposit less penalties, damage and unpaid charges; a shortfall is owed, never a negative refund. */
export function refundOf(f: RefundFigures): { refundFen: number; owedFen: number } {
  const balance = f.depositFen - f.penaltiesFen - f.damageFen - f.unpaidChargesFen;
  return balance >= 0 ? { refundFen: balance, owedFen: 0 } : { refundFen: 0, owedFen: -balance };
}

/** Every step of the flow and the statuses it may be taken from. */
export const FLOW = {
  provideDocuments: [RenovationStatus.SUBMITTED, RenovationStatus.APPROVED, RenovationStatus.PROTECTION_CONFIRMED, RenovationStatus.PERMIT_ISSUED, RenovationStatus.IN_PROGRESS, RenovationStatus.COMPLETION_REQUESTED, RenovationStatus.INSPECTION_FAILED],
  recordGovernmentApproval: [RenovationStatus.SUBMITTED],
  decide: [RenovationStatus.SUBMITTED],
  pay: [RenovationStatus.SUBMITTED, RenovationStatus.APPROVED, RenovationStatus.PROTECTION_CONFIRMED],
  confirmProtection: [RenovationStatus.APPROVED],
  issuePermit: [RenovationStatus.PROTECTION_CONFIRMED],
  works: [RenovationStatus.PERMIT_ISSUED, RenovationStatus.IN_PROGRESS],
  requestCompletion: [RenovationStatus.PERMIT_ISSUED, RenovationStatus.IN_PROGRESS, RenovationStatus.INSPECTION_FAILED],
  inspectCompletion: [RenovationStatus.COMPLETION_REQUESTED],
  refund: [RenovationStatus.INSPECTION_PASSED, RenovationStatus.REFUNDED],
} satisfies Record<string, RenovationStatus[]>;

/** A unit has at most one renovation under way: these statuses block another application. */
export const LIVE_STATUSES = [
  RenovationStatus.SUBMITTED, RenovationStatus.APPROVED, RenovationStatus.PROTECTION_CONFIRMED, RenovationStatus.PERMIT_ISSUED,
  RenovationStatus.IN_PROGRESS, RenovationStatus.COMPLETION_REQUESTED, RenovationStatus.INSPECTION_FAILED,
];
