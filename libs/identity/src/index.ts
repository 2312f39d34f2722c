export { canAccessProperty, canRead, hasRole, requirePropertyAccess, requireReader, requireRole, requireScope } from './access';
export { ALL_PROPERTIES, Role, STAFF_ROLES } from './identity';
export type { Identity } from './identity';
export { IDENTITY_HEADER, identityVerifier, signIdentity, verifyIdentity } from './signing';
export { issueToken, verifyToken } from './tokens';
export type { TokenClaims } from './tokens';
export { guardOf, mayRead, PERSONAL_DATA_FIELDS, READ_POLICY, SAME_FOR_EVERY_STAFF_ROLE } from './policy';
export type { GuardedType, ReadRule, RecordFacts, ResidentReach, TypeGuard } from './policy';
export { maskIdNumber, maskPhone, mayUnmask } from './personal-data';
