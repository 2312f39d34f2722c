import { Migration } from '@mikro-orm/migrations';

export class Migration20261122070948 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "inbox" ("event_id" uuid not null, "consumer" varchar(255) not null, "type" varchar(255) not null, "handled_at" timestamptz not null, constraint "inbox_pkey" primary key ("event_id", "consumer"));`);

    this.addSql(`create table "unit_directory" ("unit_id" uuid not null, "property_id" uuid not null, "code" varchar(255) not null, constraint "unit_directory_pkey" primary key ("unit_id"));`);
    this.addSql(`create index "unit_directory_property_id_index" on "unit_directory" ("property_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "inbox" cascade;`);

    this.addSql(`drop table if exists "unit_directory" cascade;`);
  }

}
