import { registerEnumType } from 'type-graphql';

export enum ParkingLeaseStatus {
  WAITLISTED = 'WAITLISTED',
  PENDING_PAYMENT = 'PENDING_PAYMENT',
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  TERMINATED = 'TERMINATED',
}
registerEnumType(ParkingLeaseStatus, { name: 'ParkingLeaseStatus' });

export enum LeaseTerm {
  MONTHLY = 'MONTHLY',
  QUARTERLY = 'QUARTERLY',
  YEARLY = 'YEARLY',
}
registerEnumType(LeaseTerm, { name: 'LeaseTerm' });

export enum SpaceKind {
  STANDARD = 'STANDARD',
  EV_CHARGING = 'EV_CHARGING',
  ACCESSIBLE = 'ACCESSIBLE',
  MOTORCYCLE = 'MOTORCYCLE',
}
registerEnumType(SpaceKind, { name: 'ParkingSpaceKind' });

/** Leases that hold (or wait for) a space: a household, and a plate, has at most one of these. */
export const LIVE_STATUSES = [ParkingLeaseStatus.WAITLISTED, ParkingLeaseStatus.PENDING_PAYMENT, ParkingLeaseStatus.ACTIVE];

/** Residents who may hold a lease: owners and tenants (a company counts as its unit's holder). */
export const LEASE_HOLDER_KINDS = ['OWNER', 'TENANT', 'COMPANY'];

/** Leases that take a space from the lot's availability. */
export const HOLDING_STATUSES = [ParkingLeaseStatus.PENDING_PAYMENT, ParkingLeaseStatus.ACTIVE];

/** Months a term covers. */
export const TERM_MONTHS: Record<LeaseTerm, number> = { [LeaseTerm.MONTHLY]: 1, [LeaseTerm.QUARTERLY]: 3, [LeaseTerm.YEARLY]: 12 };
