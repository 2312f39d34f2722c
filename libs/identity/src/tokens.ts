import { createSecretKey, type KeyObject } from 'node:crypto';

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

/**
 * The secret as a key object, made once: given a string, jsonwebtoken tries it as a public key
 * first on every call (a fifth of the gateway's CPU under load, issue 14).
 */
const keys = new Map<string, KeyObject>();
function keyOf(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}

/** Verified tokens, so a caller's next requests skip the signature and the claim checks. */
const verified = new Map<string, { identity: Identity; secret: string; until: number }>();
const VERIFIED_MAX = 10_000;
const VERIFIED_FOR_MS = 60_000;

/** Signs a staff or resident token (used by `npm start` for the demo tokens and by tests). */
export function issueToken(claims: TokenClaims, secret: string, expiresIn: jwt.SignOptions['expiresIn'] = '12h'): string {
  return jwt.sign(claims, keyOf(secret), { algorithm: ALGORITHM, expiresIn });
}

/** The identity in a valid token, or a reason it is not valid. */
export function verifyToken(token: string, secret: string, now = Date.now()): { identity: Identity } | { error: string } {
  const hit = verified.get(token);
  if (hit && hit.secret === secret && hit.until > now) return { identity: hit.identity };
  const result = verifyUncached(token, secret, now);
  if ('identity' in result) {
    // Shared by the caller's requests from now on: frozen, so none can change another's.
    for (const value of Object.values(result.identity)) if (Array.isArray(value)) Object.freeze(value);
    Object.freeze(result.identity);
    // Until the token expires, and at most a minute: a cached answer never outlives the token.
    const exp = (jwt.decode(token) as { exp?: number } | null)?.exp;
    if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
    verified.set(token, { identity: result.identity, secret, until: Math.min(now + VERIFIED_FOR_MS, exp ? exp * 1000 : now + VERIFIED_FOR_MS) });
  }
  return result;
}

function verifyUncached(token: string, secret: string, now: number): { identity: Identity } | { error: string } {
  let payload: unknown;
  try {
    payload = jwt.verify(token, keyOf(secret), { algorithms: [ALGORITHM], clockTimestamp: Math.floor(now / 1000) });
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
