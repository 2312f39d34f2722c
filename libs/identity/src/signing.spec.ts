import { hasRole } from './access';
import { type Identity, Role } from './identity';
import { signIdentity, verifyIdentity } from './signing';

const desk: Identity = { kind: 'staff', sub: 'u1', name: '王芳', roles: [Role.FRONT_DESK], propertyIds: ['p1'] };
const secret = 'a-test-secret-of-enough-length';

describe('identity header', () => {
  it('round-trips a signed identity', () => {
    expect(verifyIdentity(signIdentity(desk, secret), secret)).toEqual(desk);
  });

  it('rejects a tampered payload, a wrong secret and a stale header', () => {
    const header = signIdentity(desk, secret, 1_000_000);
    const [, sig] = header.split('.');
    const forged = Buffer.from(JSON.stringify({ ...desk, roles: [Role.PROJECT_MANAGER], iat: 1_000_000 })).toString('base64url');
    expect(verifyIdentity(`${forged}.${sig}`, secret, { now: 1_000_000 })).toBeNull();
    expect(verifyIdentity(header, 'another-secret-of-enough-length', { now: 1_000_000 })).toBeNull();
    expect(verifyIdentity(header, secret, { now: 1_000_000 + 10 * 60_000 })).toBeNull();
    expect(verifyIdentity(undefined, secret)).toBeNull();
  });
});

describe('roles', () => {
  it('a project manager may do what a supervisor may; a front desk may not classify', () => {
    expect(hasRole({ ...desk, roles: [Role.PROJECT_MANAGER] }, Role.SUPERVISOR)).toBe(true);
    expect(hasRole({ ...desk, roles: [Role.SUPERVISOR] }, Role.FRONT_DESK)).toBe(true);
    expect(hasRole(desk, Role.SUPERVISOR)).toBe(false);
  });
});
