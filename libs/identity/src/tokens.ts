import jwt from 'jsonwebtoken';
import { z } from 'zod';

import { type Identity, Role } from './identity';

/** The JWT claims of CONTRACT.md: sub, name, roles, propertyIds, and for residents residentId and unitIds. */
const claimsSchema = z.object({
  sub: z.string().min(1),
  name: z.string().min(1),
  roles: z.array(z.nativeEnum(Role)).min(1),
  propertyIds: z.array(z.string()).default([]),
  residentId: z.string().optional(),
  unitIds: z.array(z.string()).optional(),
});

export type TokenClaims = z.input<typeof claimsSchema>;

const ALGORITHM = 'HS256';

/** Signs a staff or resident token (used by `npm start` for the demo tokens and by tests). */
export function issueToken(claims: TokenClaims, secret: string, expiresIn: jwt.SignOptions['expiresIn'] = '12h'): string {
  return jwt.sign(claims, secret, { algorithm: ALGORITHM, expiresIn });
}

/** The identity in a valid token, or a reason it is not valid. */
export function verifyToken(token: string, secret: string): { identity: Identity } | { error: string } {
  let payload: unknown;
  try {
    payload = jwt.verify(token, secret, { algorithms: [ALGORITHM] });
  } catch (error) {
    return { error: error instanceof jwt.TokenExpiredError ? 'The token has expired' : 'The token is not valid' };
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) return { error: `The token lacks required claims: ${claims.error.issues.map((i) => i.path.join('.')).join(', ')}` };
  const { roles, residentId } = claims.data;
  if (roles.includes(Role.INTEGRATOR)) return { error: 'Integrators authenticate with an API key, not a token' };
  if (roles.includes(Role.RESIDENT) && !residentId) return { error: 'A resident token needs a residentId claim' };
  const kind = roles.includes(Role.RESIDENT) ? 'resident' : 'staff';
  return { identity: { kind, ...claims.data } };
}
