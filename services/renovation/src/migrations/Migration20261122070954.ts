import { Migration } from '@mikro-orm/migrations';

export class Migration20261122070954 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "inbox" ("event_id" uuid not null, "consumer" varchar(255) not null, "type" varchar(255) not null, "handled_at" timestamptz not null, constraint "inbox_pkey" primary key ("event_id", "consumer"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "inbox" cascade;`);
  }

}
