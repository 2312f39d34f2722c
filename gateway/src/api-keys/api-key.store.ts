import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import { type MikroORM } from '@mikro-orm/postgresql';
import { type Identity, Role } from '@pm/identity';

import { ApiKey } from './api-key.entity';

/** Scopes an API key may hold. */
export const API_KEY_SCOPES = [
  'tickets:read', 'tickets:write', 'residents:read', 'renovation:read', 'parking:read', 'surveys:read',
] as const;

const PREFIX = 'pmk';
const CACHE_MS = 30_000;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Issues, verifies and revokes integrator keys; a verified key is cached for 30 s. */
export class ApiKeyStore {
  private readonly cache = new Map<string, { identity: Identity | null; until: number }>();

  constructor(private readonly orm: MikroORM) {}

  /** Creates a key; the returned `key` (`pmk_<id>_<secret>`) is never retrievable again. */
  async create(name: string, scopes: string[], propertyIds: string[]): Promise<{ id: string; key: string }> {
    const unknown = scopes.filter((scope) => !(API_KEY_SCOPES as readonly string[]).includes(scope));
    if (unknown.length) throw new Error(`Unknown scopes: ${unknown.join(', ')} (known: ${API_KEY_SCOPES.join(', ')})`);
    const secret = randomBytes(24).toString('base64url');
    const em = this.orm.em.fork();
    const apiKey = em.create(ApiKey, { name, secretHash: sha256(secret), scopes, propertyIds });
    await em.persistAndFlush(apiKey);
    return { id: apiKey.id, key: `${PREFIX}_${apiKey.id}_${secret}` };
  }

  async revoke(id: string): Promise<void> {
    await this.orm.em.fork().nativeUpdate(ApiKey, { id }, { revokedAt: new Date() });
    this.cache.clear();
  }

  /** The integrator identity of a valid, unrevoked key, or null. */
  async verify(key: string, now = Date.now()): Promise<Identity | null> {
    const cached = this.cache.get(key);
    if (cached && cached.until > now) return cached.identity;
    const identity = await this.lookup(key);
    this.cache.set(key, { identity, until: now + CACHE_MS });
    return identity;
  }

  private async lookup(key: string): Promise<Identity | null> {
    const match = /^pmk_([0-9a-f-]{36})_([A-Za-z0-9_-]+)$/.exec(key);
    if (!match) return null;
    const apiKey = await this.orm.em.fork().findOne(ApiKey, { id: match[1], revokedAt: null });
    if (!apiKey) return null;
    const expected = Buffer.from(apiKey.secretHash, 'hex');
    const given = Buffer.from(sha256(match[2]), 'hex');
    if (!timingSafeEqual(expected, given)) return null;
    return { kind: 'integrator', sub: `api-key:${apiKey.id}`, name: apiKey.name, roles: [Role.INTEGRATOR], propertyIds: apiKey.propertyIds, scopes: apiKey.scopes };
  }
}
