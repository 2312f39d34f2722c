import { Migration } from '@mikro-orm/migrations';

export class Migration20261122070957 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "inbox" ("event_id" uuid not null, "consumer" varchar(255) not null, "type" varchar(255) not null, "handled_at" timestamptz not null, constraint "inbox_pkey" primary key ("event_id", "consumer"));`);

    this.addSql(`create table "unit_resident" ("resident_id" uuid not null, "unit_id" uuid not null, "property_id" uuid not null, "kind" varchar(255) not null, "active" boolean not null, "updated_at" timestamptz not null, constraint "unit_resident_pkey" primary key ("resident_id"));`);
    this.addSql(`create index "unit_resident_unit_id_active_index" on "unit_resident" ("unit_id", "active");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "inbox" cascade;`);

    this.addSql(`drop table if exists "unit_resident" cascade;`);
  }

}
