import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import { type MikroORM } from '@mikro-orm/postgresql';
import { ALL_PROPERTIES, type Identity, Role } from '@pm/identity';
import { type Logger } from '@pm/runtime';
import { GraphQLError } from 'graphql';
import { Client } from 'pg';

import { ApiKey } from './api-key.entity';
import { RateLimiter } from './rate-limiter';

/** Scopes an API key may hold. */
export const API_KEY_SCOPES = [
  'tickets:read', 'tickets:write', 'residents:read', 'renovation:read', 'parking:read', 'surveys:read',
] as const;

const PREFIX = 'pmk';
/** How long a verified key is trusted without asking the database, while revocations are being heard. */
const CACHE_MS = 30_000;
/** PostgreSQL channel a revocation is announced on, in the revoking transaction: every gateway replica listens. */
export const REVOCATION_CHANNEL = 'pm_api_key_revoked';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

interface Verified {
  identity: Identity;
  rateLimitPerMinute: number;
}

export interface ApiKeyStoreOptions {
  /** The gateway database, for the LISTEN connection that hears revocations. */
  databaseUrl?: string;
  /** Requests a minute for keys without their own limit. */
  defaultRateLimitPerMinute?: number;
  logger?: Logger;
}

/**
 * Issues, verifies and revokes integrator keys. A verified key is cached, and the cache is dropped
 * the moment any replica revokes a key (LISTEN/NOTIFY); while that connection is down nothing is cached.
 */
export class ApiKeyStore {
  private readonly cache = new Map<string, { verified: Verified | null; until: number }>();
  private readonly limiter = new RateLimiter();
  private listener?: Client;
  private listening = false;
  private closed = false;

  constructor(private readonly orm: MikroORM, private readonly options: ApiKeyStoreOptions = {}) {}

  /** Creates a key for `propertyIds` (explicit `*` for every property); the returned `key` is never retrievable again. */
  async create(name: string, scopes: string[], propertyIds: string[], rateLimitPerMinute?: number): Promise<{ id: string; key: string }> {
    const unknown = scopes.filter((scope) => !(API_KEY_SCOPES as readonly string[]).includes(scope));
    if (!scopes.length || unknown.length) throw new Error(`Unknown or missing scopes: ${unknown.join(', ') || '(none)'} (known: ${API_KEY_SCOPES.join(', ')})`);
    if (!propertyIds.length) throw new Error('A key needs the properties it may read: --properties <id>,<id> (or * for every property)');
    const bad = propertyIds.filter((id) => id !== ALL_PROPERTIES && !UUID.test(id));
    if (bad.length) throw new Error(`Not property ids: ${bad.join(', ')}`);
    if (rateLimitPerMinute !== undefined && (!Number.isInteger(rateLimitPerMinute) || rateLimitPerMinute < 1)) throw new Error('The rate limit must be a whole number of requests a minute, at least 1');
    const secret = randomBytes(24).toString('base64url');
    const em = this.orm.em.fork();
    const apiKey = em.create(ApiKey, { name, secretHash: sha256(secret), scopes, propertyIds, rateLimitPerMinute: rateLimitPerMinute ?? null });
    await em.persistAndFlush(apiKey);
    return { id: apiKey.id, key: `${PREFIX}_${apiKey.id}_${secret}` };
  }

  /** Revokes a key at once on every replica; false if there is no such key or it was already revoked. */
  async revoke(id: string): Promise<boolean> {
    if (!UUID.test(id)) return false;
    const revoked = await this.orm.em.fork().transactional(async (tx) => {
      const count = await tx.nativeUpdate(ApiKey, { id, revokedAt: null }, { revokedAt: new Date() });
      if (count) await tx.getConnection().execute('select pg_notify(?, ?)', [REVOCATION_CHANNEL, id], 'all', tx.getTransactionContext());
      return count > 0;
    });
    this.forget(id);
    return revoked;
  }

  /** Starts hearing revocations from every replica (and the CLI); until it is up, keys are checked on every request. */
  async listen(): Promise<void> {
    if (!this.options.databaseUrl || this.closed) return;
    const client = new Client({ connectionString: this.options.databaseUrl });
    this.listener = client;
    const lost = (error?: unknown) => {
      if (this.listener !== client) return;
      this.listening = false;
      this.cache.clear();
      this.listener = undefined;
      client.end().catch(() => undefined);
      if (this.closed) return;
      this.options.logger?.warn({ err: error }, 'API key revocation listener lost; keys are checked on every request until it is back');
      setTimeout(() => void this.listen().catch(lost), 1000).unref();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (message) => {
      if (message.channel === REVOCATION_CHANNEL && message.payload) this.forget(message.payload);
    });
    await client.connect();
    await client.query(`LISTEN ${REVOCATION_CHANNEL}`);
    this.listening = true;
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.listener;
    this.listener = undefined;
    this.listening = false;
    await client?.end().catch(() => undefined);
  }

  /** The integrator identity of a valid, unrevoked key within its rate limit; null for an unknown or revoked key. */
  async verify(key: string, now = Date.now()): Promise<Identity | null> {
    const cached = this.cache.get(key);
    let verified: Verified | null;
    if (cached && cached.until > now && this.listening) verified = cached.verified;
    else {
      verified = await this.lookup(key);
      this.cache.set(key, { verified, until: now + CACHE_MS });
    }
    if (!verified) return null;
    const admitted = this.limiter.take(verified.identity.sub, verified.rateLimitPerMinute, now);
    if (!admitted.allowed) {
      const seconds = Math.ceil(admitted.retryAfterMs / 1000);
      throw new GraphQLError(`This API key made more than ${verified.rateLimitPerMinute} requests a minute; retry in ${seconds} s`, {
        extensions: { code: 'RATE_LIMITED', retryAfterSeconds: seconds, http: { status: 429 } },
      });
    }
    return verified.identity;
  }

  private forget(id: string): void {
    for (const [key, entry] of this.cache) if (!entry.verified || entry.verified.identity.sub === `api-key:${id}`) this.cache.delete(key);
  }

  private async lookup(key: string): Promise<Verified | null> {
    const match = /^pmk_([0-9a-f-]{36})_([A-Za-z0-9_-]+)$/.exec(key);
    if (!match) return null;
    const apiKey = await this.orm.em.fork().findOne(ApiKey, { id: match[1], revokedAt: null });
    if (!apiKey) return null;
    const expected = Buffer.from(apiKey.secretHash, 'hex');
    const given = Buffer.from(sha256(match[2]), 'hex');
    if (!timingSafeEqual(expected, given)) return null;
    return {
      identity: { kind: 'integrator', sub: `api-key:${apiKey.id}`, name: apiKey.name, roles: [Role.INTEGRATOR], propertyIds: apiKey.propertyIds, scopes: apiKey.scopes },
      rateLimitPerMinute: apiKey.rateLimitPerMinute ?? this.options.defaultRateLimitPerMinute ?? 600,
    };
  }
}
