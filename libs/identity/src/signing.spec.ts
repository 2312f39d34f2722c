import { hasRole } from './access';
import { type Identity, Role } from './identity';
import { identityVerifier, signIdentity, verifyIdentity } from './signing';

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

describe('identityVerifier', () => {
  it('accepts what verifyIdentity accepts, remembered until the header goes stale', () => {
    const verify = identityVerifier(secret);
    const header = signIdentity(desk, secret, 1_000_000);
    const first = verify(header, 1_000_000);
    expect(first).toEqual(desk);
    expect(verify(header, 1_000_000 + 60_000)).toBe(first);
    expect(verify(header, 1_000_000 + 5 * 60_000 + 1)).toBeNull();
  });

  it('refuses forged, foreign and missing headers, and never remembers them', () => {
    const verify = identityVerifier(secret);
    const header = signIdentity(desk, secret, 1_000_000);
    const [, sig] = header.split('.');
    const forged = Buffer.from(JSON.stringify({ ...desk, roles: [Role.PROJECT_MANAGER], iat: 1_000_000 })).toString('base64url');
    for (let i = 0; i < 2; i++) {
      expect(verify(`${forged}.${sig}`, 1_000_000)).toBeNull();
      expect(verify(signIdentity(desk, 'another-secret-of-enough-length', 1_000_000), 1_000_000)).toBeNull();
      expect(verify(undefined, 1_000_000)).toBeNull();
    }
  });

  it('hands out frozen identities and forgets the oldest header past its size', () => {
    const verify = identityVerifier(secret, { maxEntries: 2 });
    const headers = ['a', 'b', 'c'].map((sub) => signIdentity({ ...desk, sub }, secret, 1_000_000));
    const first = verify(headers[0], 1_000_000)!;
    expect(Object.isFrozen(first) && Object.isFrozen(first.roles)).toBe(true);
    verify(headers[1], 1_000_000);
    verify(headers[2], 1_000_000);
    const again = verify(headers[0], 1_000_000);
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
    expect(verify(headers[2], 1_000_000)!.sub).toBe('c');
  });
});

describe('roles', () => {
  it('a project manager may do what a supervisor may; a front desk may not classify', () => {
    expect(hasRole({ ...desk, roles: [Role.PROJECT_MANAGER] }, Role.SUPERVISOR)).toBe(true);
    expect(hasRole({ ...desk, roles: [Role.SUPERVISOR] }, Role.FRONT_DESK)).toBe(true);
    expect(hasRole(desk, Role.SUPERVISOR)).toBe(false);
  });
});
