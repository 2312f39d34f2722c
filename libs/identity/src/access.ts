import { AppError } from '@pm/errors';

import { ALL_PROPERTIES, type Identity, Role } from './identity';

/** Roles that include others: a project manager may do everything staff may, a supervisor all the front desk may. */
const IMPLIED: Partial<Record<Role, Role[]>> = {
  [Role.PROJECT_MANAGER]: [Role.FRONT_DESK, Role.SUPERVISOR, Role.ENGINEER, Role.SECURITY, Role.CASHIER],
  [Role.SUPERVISOR]: [Role.FRONT_DESK],
};

/** Whether the caller holds one of `roles`, directly or through a broader role. */
export function hasRole(identity: Identity, ...roles: Role[]): boolean {
  return identity.roles.some((held) => roles.includes(held) || (IMPLIED[held] ?? []).some((r) => roles.includes(r)));
}

/** Throws FORBIDDEN unless the caller holds one of `roles`; `action` reads as "may not <action>". */
export function requireRole(identity: Identity, roles: Role[], action: string): void {
  if (!hasRole(identity, ...roles)) {
    throw AppError.forbidden(`Your role may not ${action} (needs ${roles.join(' or ')})`);
  }
}

export function canAccessProperty(identity: Identity, propertyId: string): boolean {
  return identity.propertyIds.includes(ALL_PROPERTIES) || identity.propertyIds.includes(propertyId);
}

export function requirePropertyAccess(identity: Identity, propertyId: string): void {
  if (!canAccessProperty(identity, propertyId)) throw AppError.forbidden(`You do not work for property ${propertyId}`);
}

/** Integrators act only within the scopes of their API key (e.g. `tickets:read`); others pass. */
export function requireScope(identity: Identity, scope: string): void {
  if (identity.kind !== 'integrator') return;
  if (!(identity.scopes ?? []).includes(scope)) throw AppError.forbidden(`This API key lacks the scope ${scope}`);
}

/** Whether the caller may read a record in `propertyId` (integrators: with `<service>:read`). */
export function canRead(identity: Identity, propertyId: string, service: string): boolean {
  if (identity.kind === 'integrator' && !(identity.scopes ?? []).includes(`${service}:read`)) return false;
  return canAccessProperty(identity, propertyId);
}

/**
 * Reports and other read-only views of a property: an integrator by its key's `<service>:read`
 * scope and properties; a person by one of `roles` and working for the property. `what` reads as
 * "may not see <what>".
 */
export function requireReader(identity: Identity, propertyId: string, service: string, roles: Role[], what: string): void {
  if (identity.kind === 'integrator') {
    if (!canRead(identity, propertyId, service)) throw AppError.forbidden(`This API key may not read ${what} of property ${propertyId}`);
    return;
  }
  requireRole(identity, roles, `see ${what}`);
  requirePropertyAccess(identity, propertyId);
}
