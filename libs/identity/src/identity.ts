/** Roles from CONTRACT.md. */
export enum Role {
  FRONT_DESK = 'FRONT_DESK',
  SUPERVISOR = 'SUPERVISOR',
  ENGINEER = 'ENGINEER',
  SECURITY = 'SECURITY',
  CASHIER = 'CASHIER',
  PROJECT_MANAGER = 'PROJECT_MANAGER',
  RESIDENT = 'RESIDENT',
  INTEGRATOR = 'INTEGRATOR',
}

export const STAFF_ROLES: readonly Role[] = [Role.FRONT_DESK, Role.SUPERVISOR, Role.ENGINEER, Role.SECURITY, Role.CASHIER, Role.PROJECT_MANAGER];

/** Property access for head-office staff: every property. */
export const ALL_PROPERTIES = '*';

/** Who is calling, as the gateway established it and forwards it to subgraphs. */
export interface Identity {
  kind: 'staff' | 'resident' | 'integrator';
  /** Stable id of the user or API key. */
  sub: string;
  name: string;
  roles: Role[];
  /** Properties the caller works for; `['*']` for all. */
  propertyIds: string[];
  /** Residents only. */
  residentId?: string;
  unitIds?: string[];
  /** Integrators only: e.g. `tickets:read`. */
  scopes?: string[];
}
