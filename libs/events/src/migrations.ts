import { type MigrationObject } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';

/**
 * The messaging tables every service has, defined once: the outbox (events written with the state
 * change, published by the relay) and the inbox (events handled, for exactly-once effects). Idempotent,
 * so databases created before it (whose service migrations made these tables) take it as a no-op.
 */
export class Migration20261122000000Messaging extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists "outbox" ("id" uuid not null, "subject" varchar(255) not null, "envelope" jsonb not null, "created_at" timestamptz not null, "published_at" timestamptz null, "attempts" int not null default 0, "last_error" text null, constraint "outbox_pkey" primary key ("id"));`);
    this.addSql(`create index if not exists "outbox_unpublished_idx" on "outbox" ("created_at") where "published_at" is null;`);
    this.addSql(`create table if not exists "inbox" ("event_id" uuid not null, "consumer" varchar(255) not null, "type" varchar(255) not null, "handled_at" timestamptz not null, constraint "inbox_pkey" primary key ("event_id", "consumer"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "inbox" cascade;`);
    this.addSql(`drop table if exists "outbox" cascade;`);
  }
}

/** Run before a service's own migrations (startService and the migrate command add them). */
export const messagingMigrations: MigrationObject[] = [{ name: 'Migration20261122000000Messaging', class: Migration20261122000000Messaging }];
