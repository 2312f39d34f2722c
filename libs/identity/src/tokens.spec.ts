import { Role } from './identity';
import { issueToken, verifyToken } from './tokens';

const secret = 'a-jwt-secret-for-the-tests-only';

describe('tokens', () => {
  it('a resident token carries the resident and their units', () => {
    const token = issueToken({ sub: 'u9', name: '张三', roles: [Role.RESIDENT], propertyIds: ['p1'], residentId: 'r1', unitIds: ['u1'] }, secret);
    expect(verifyToken(token, secret)).toEqual({
      identity: { kind: 'resident', sub: 'u9', name: '张三', roles: [Role.RESIDENT], propertyIds: ['p1'], residentId: 'r1', unitIds: ['u1'] },
    });
  });

  it('refuses a wrong signature, an expired token and unknown roles', () => {
    const staff = { sub: 'u1', name: '王芳', roles: [Role.FRONT_DESK], propertyIds: ['p1'] };
    expect(verifyToken(issueToken(staff, 'another-secret-entirely-123'), secret)).toEqual({ error: 'The token is not valid' });
    expect(verifyToken(issueToken(staff, secret, -10), secret)).toEqual({ error: 'The token has expired' });
    expect(verifyToken(issueToken({ ...staff, roles: ['JANITOR' as Role] }, secret), secret)).toHaveProperty('error');
  });

  it('remembers a verified token, but never past its expiry nor under another secret', () => {
    const staff = { sub: 'u2', name: '李强', roles: [Role.SUPERVISOR], propertyIds: ['p1'] };
    const now = Date.now();
    const token = issueToken(staff, secret, 30);
    expect(verifyToken(token, secret, now)).toHaveProperty('identity');
    expect(verifyToken(token, secret, now + 10_000)).toHaveProperty('identity');
    expect(verifyToken(token, secret, now + 31_000)).toEqual({ error: 'The token has expired' });
    expect(verifyToken(token, 'another-secret-entirely-123', now)).toEqual({ error: 'The token is not valid' });
  });
});
