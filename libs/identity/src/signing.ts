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

/** The identity in a header the gateway signed and when it was signed, or null if missing or forged. */
function readSigned(header: string, secret: string): { identity: Identity; iat: number } | null {
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
  if (!Array.isArray(decoded.roles) || !decoded.roles.every((r) => r in Role)) return null;
  const { iat, ...identity } = decoded;
  return { identity, iat: iat ?? 0 };
}

const fresh = (iat: number, now: number, maxAgeMs: number) => now - iat >= -60_000 && now - iat <= maxAgeMs;

/** The identity in a header the gateway signed, or null if it is missing, forged or stale. */
export function verifyIdentity(
  header: string | undefined,
  secret: string,
  options: { now?: number; maxAgeMs?: number } = {},
): Identity | null {
  const signed = header ? readSigned(header, secret) : null;
  return signed && fresh(signed.iat, options.now ?? Date.now(), options.maxAgeMs ?? DEFAULT_MAX_AGE_MS) ? signed.identity : null;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

/**
 * verifyIdentity for a server that sees the same headers again and again: the gateway gives each
 * caller one signed header for half a minute, so a subgraph remembers the headers it accepted (up
 * to `maxEntries`, the oldest forgotten first) and a repeat costs a lookup and the age check, not
 * an HMAC and a JSON parse. Only accepted headers are kept; each keeps its own signing time, so a
 * remembered header goes stale exactly when it would unremembered. The identities handed out are
 * shared between requests, hence frozen.
 */
export function identityVerifier(secret: string, options: { maxEntries?: number; maxAgeMs?: number } = {}) {
  const maxEntries = options.maxEntries ?? 10_000;
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  const accepted = new Map<string, { identity: Identity; iat: number }>();
  return (header: string | undefined, now = Date.now()): Identity | null => {
    if (!header) return null;
    let signed = accepted.get(header);
    if (!signed) {
      const read = readSigned(header, secret);
      if (!read) return null;
      signed = { identity: deepFreeze(read.identity), iat: read.iat };
      if (fresh(signed.iat, now, maxAgeMs)) {
        if (accepted.size >= maxEntries) accepted.delete(accepted.keys().next().value!);
        accepted.set(header, signed);
      }
    }
    if (fresh(signed.iat, now, maxAgeMs)) return signed.identity;
    accepted.delete(header);
    return null;
  };
}
