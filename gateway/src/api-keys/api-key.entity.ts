import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '@pm/db';

/** An integrator's API key. Only a SHA-256 of the secret is stored; the key is shown once, at creation. */
@Entity({ tableName: 'api_key' })
export class ApiKey {
  [OptionalProps]?: 'createdAt' | 'revokedAt' | 'rateLimitPerMinute';

  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property()
  name: string;

  @Property({ length: 64 })
  secretHash: string;

  /** e.g. `tickets:read`, `residents:read`, `tickets:write`. */
  @Property({ type: 'text[]' })
  scopes: string[];

  /** Properties the integrator may read; `*` for all. */
  @Property({ type: 'text[]' })
  propertyIds: string[];

  /** Requests a minute this key may make on each gateway replica; null: the gateway's API_KEY_RATE_LIMIT. */
  @Property({ type: 'int', nullable: true })
  rateLimitPerMinute: number | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;
}
