import { Migration } from '@mikro-orm/migrations';

export class Migration20261122070015 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "outbox" ("id" uuid not null, "subject" varchar(255) not null, "envelope" jsonb not null, "created_at" timestamptz not null, "published_at" timestamptz null, "attempts" int not null default 0, "last_error" text null, constraint "outbox_pkey" primary key ("id"));`);
    this.addSql(`create index "outbox_unpublished_idx" on "outbox" ("created_at") where "published_at" is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "outbox" cascade;`);
  }

}
