import { Migration } from '@mikro-orm/migrations';

/** A property's own hand-over numbers (prepaid months, floats) and their audit. */
export class Migration20261123121549 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "property_settings_change" ("id" uuid not null, "property_id" uuid not null, "by" varchar(255) not null, "at" timestamptz not null, "changes" jsonb not null, "reason" text null, constraint "property_settings_change_pkey" primary key ("id"));`);
    this.addSql(`create index "property_settings_change_property_id_at_index" on "property_settings_change" ("property_id", "at");`);

    this.addSql(`alter table "property" add column "handover_overrides" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "property_settings_change" cascade;`);

    this.addSql(`alter table "property" drop column "handover_overrides";`);
  }

}
