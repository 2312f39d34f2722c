import { canAccessProperty } from './access';
import { type Identity } from './identity';

/**
 * What a record tells the policy about itself: the property it belongs to and, where it has them,
 * the unit and the resident it is about. Every guarded type maps its objects to these facts.
 */
export interface RecordFacts {
  propertyId: string | null | undefined;
  /** The unit the record is about (a resident's unit, a lease's unit…). */
  unitId?: string | null;
  /** The person the record is about or was reported by. */
  residentId?: string | null;
}

/** How far a resident reaches into one type: nothing, their own records, their units' records, or their property's. */
export type ResidentReach = 'none' | 'self' | 'own-unit' | 'self-or-own-unit' | 'property';

/** Who may read one type: integrators need `scope`; residents reach as far as `resident`; staff the properties they work for. */
export interface ReadRule {
  /** The API-key scope an integrator needs, e.g. `residents:read`. */
  scope: string;
  resident: ResidentReach;
  /** One line for the README's policy table. */
  note?: string;
}

/**
 * The access policy, one row per type that exposes people, units or property data. It applies
 * wherever an object of the type is reached: a top-level query, a nested field, a connection's
 * node or a federation reference (libs/subgraph wraps every such resolver with `mayRead`).
 */
export const READ_POLICY = {
  Property: { scope: 'residents:read', resident: 'property', note: 'residents see their own property' },
  Building: { scope: 'residents:read', resident: 'property', note: "residents see their own property's buildings" },
  Unit: { scope: 'residents:read', resident: 'own-unit', note: 'residents see their own units only' },
  Resident: { scope: 'residents:read', resident: 'self-or-own-unit', note: 'residents see themselves and their household' },
  Handover: { scope: 'residents:read', resident: 'own-unit' },
  OccupancyChange: { scope: 'residents:read', resident: 'none' },
  ItemReleasePass: { scope: 'residents:read', resident: 'own-unit' },
  VisitorEntry: { scope: 'residents:read', resident: 'own-unit' },
  PiiAccess: { scope: 'residents:pii-log', resident: 'none', note: 'project managers only (checked by the query)' },
  PatrolRound: { scope: 'residents:read', resident: 'none', note: 'staff of the property (the queries check roles)' },
  Ticket: { scope: 'tickets:read', resident: 'self', note: 'residents see the tickets they reported' },
  DeadlineExtension: { scope: 'tickets:read', resident: 'none', note: 'staff of the property (超时申请)' },
  NotificationRecipient: { scope: 'tickets:read', resident: 'none', note: 'supervisors and the project manager (checked by the query)' },
  NotificationDelivery: { scope: 'tickets:read', resident: 'none', note: 'staff of the property (checked by the query)' },
  TicketPiiAccess: { scope: 'tickets:pii-log', resident: 'none', note: 'project managers only (checked by the query)' },
  RenovationApplication: { scope: 'renovation:read', resident: 'own-unit' },
  ParkingLot: { scope: 'parking:read', resident: 'property' },
  ParkingLease: { scope: 'parking:read', resident: 'own-unit' },
  Survey: { scope: 'surveys:read', resident: 'property', note: 'results once PUBLISHED' },
  SurveyResponse: { scope: 'surveys:read', resident: 'own-unit' },
  Visit: { scope: 'surveys:read', resident: 'own-unit' },
} as const satisfies Record<string, ReadRule>;

export type GuardedType = keyof typeof READ_POLICY;

function residentReaches(identity: Identity, reach: ResidentReach, facts: RecordFacts): boolean {
  const ownUnit = !!facts.unitId && (identity.unitIds ?? []).includes(facts.unitId);
  const self = !!facts.residentId && facts.residentId === identity.residentId;
  switch (reach) {
    case 'self':
      return self;
    case 'own-unit':
      return ownUnit;
    case 'self-or-own-unit':
      return self || ownUnit;
    case 'property':
      return !!facts.propertyId && canAccessProperty(identity, facts.propertyId);
    default:
      return false;
  }
}

/** Whether `identity` may read a record of `type` with these facts (see READ_POLICY). */
export function mayRead(identity: Identity, rule: ReadRule, facts: RecordFacts): boolean {
  if (identity.kind === 'resident') return residentReaches(identity, rule.resident, facts);
  if (identity.kind === 'integrator' && !(identity.scopes ?? []).includes(rule.scope)) return false;
  // A record whose property is not known yet (read-model still catching up) is shown to nobody.
  return !!facts.propertyId && canAccessProperty(identity, facts.propertyId);
}

/** A type's guard: how its objects map to facts, checked against its row of READ_POLICY. */
export interface TypeGuard<T = never> {
  rule: ReadRule;
  facts: (record: T) => RecordFacts;
}

/** Declares the guard of one policy type: `guardOf('Unit', (unit: Unit) => ({ propertyId: unit.propertyId, unitId: unit.id }))`. */
export function guardOf<T>(type: GuardedType, facts: (record: T) => RecordFacts): TypeGuard<T> {
  return { rule: READ_POLICY[type], facts };
}

/**
 * Fields whose answer to a staff member depends only on the properties they work for and on
 * whether they may unmask personal data (a project manager, for the fields of PERSONAL_DATA_FIELDS):
 * never on their other roles. A live board whose whole selection is made of these is resolved once
 * per change for all staff of the ticket's property, whatever their roles (gateway live-boards),
 * instead of once per role. A field that is left out is simply resolved per role. Adding one here
 * is a claim the policy test checks for every staff role (gateway/test/policy.test.ts): leave out
 * anything that checks a role — Unit.occupancyHistory, Ticket.deadlineExtensions, reports, logs.
 */
export const SAME_FOR_EVERY_STAFF_ROLE: Readonly<Record<string, readonly string[]>> = {
  Ticket: [
    'id', 'number', 'kind', 'channel', 'status', 'title', 'description', 'urgency', 'incidentKey', 'department', 'assignee', 'validity',
    'severity', 'answer', 'answeredAt', 'extendedUntil', 'cause', 'appointmentAt', 'location', 'verificationDueBy', 'verifiedAt', 'verifiedBy',
    'verificationOk', 'verificationNote', 'holdUntil', 'feeFen', 'resolution', 'serviceCode', 'serviceName', 'quotedFeeFen', 'materials',
    'createdAt', 'dispatchedAt', 'resolvedAt', 'closedAt', 'unit', 'reporter', 'history', 'sla', 'callback', 'callbacks', 'verificationOverdue',
    'contactPhone',
  ],
  TicketTransition: ['from', 'to', 'at', 'by', 'note'],
  Sla: ['dispatchBy', 'respondBy', 'resolveBy', 'callbackBy', 'breached', 'breaches'],
  Callback: ['at', 'by', 'resolved', 'satisfaction', 'comment', 'late'],
  Unit: ['id', 'code', 'floor', 'usage', 'occupancy', 'building'],
  Building: ['id', 'name', 'property'],
  Property: ['id', 'name', 'kind'],
  Resident: ['id', 'kind', 'name', 'movedInAt', 'movedOutAt', 'active', 'unit', 'phone'],
};

/**
 * The fields of SAME_FOR_EVERY_STAFF_ROLE that answer a project manager differently: personal data,
 * unmasked for them, each read written to the access log under their name. A live board whose
 * selection is made of SAME_FOR_EVERY_STAFF_ROLE fields and reaches none of these answers a project
 * manager as it answers any other staff member, and logs nothing: such boards share one resolution
 * per change with the rest of the property's staff. Leaving a personal-data field out of this list
 * would hand a project manager's unmasked answer to every staff member of the property; the policy
 * test checks that a project manager's answer to every listed field differs from a desk clerk's in
 * these fields alone (gateway/test/policy.test.ts).
 */
export const PERSONAL_DATA_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Ticket: ['contactPhone'],
  Resident: ['phone'],
};
