import { createHmac, timingSafeEqual } from 'node:crypto';

import { type Identity, Role } from './identity';

/** Header the gateway puts the signed identity in. */
export const IDENTITY_HEADER = 'x-pm-identity';

const DEFAULT_MAX_AGE_MS = 5 * 60_000;

function mac(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

/** `<base64url(json)>.<hmac>`; the timestamp bounds how long a captured header is usable. */
export function signIdentity(identity: Identity, secret: string, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ ...identity, iat: now })).toString('base64url');
  return `${payload}.${mac(payload, secret)}`;
}

/** The identity in a header the gateway signed, or null if it is missing, forged or stale. */
export function verifyIdentity(
  header: string | undefined,
  secret: string,
  options: { now?: number; maxAgeMs?: number } = {},
): Identity | null {
  if (!header) return null;
  const [payload, signature, extra] = header.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(mac(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let decoded: Identity & { iat?: number };
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const age = (options.now ?? Date.now()) - (decoded.iat ?? 0);
  if (age < -60_000 || age > (options.maxAgeMs ?? DEFAULT_MAX_AGE_MS)) return null;
  if (!Array.isArray(decoded.roles) || !decoded.roles.every((r) => r in Role)) return null;
  const { iat: _iat, ...identity } = decoded;
  return identity;
}
