import { Migration } from '@mikro-orm/migrations';

/** Per-property settings (desk hours, days off, deadlines, targets over the company's) and their audit. */
export class Migration20261123115327 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "property_settings_change" ("id" uuid not null, "property_id" uuid not null, "by" varchar(255) not null, "at" timestamptz not null, "changes" jsonb not null, "reason" text null, constraint "property_settings_change_pkey" primary key ("id"));`);
    this.addSql(`create index "property_settings_change_property_id_at_index" on "property_settings_change" ("property_id", "at");`);

    this.addSql(`create table "property_settings" ("property_id" uuid not null, "overrides" jsonb not null, "updated_by" varchar(255) not null, "updated_at" timestamptz not null, constraint "property_settings_pkey" primary key ("property_id"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "property_settings_change" cascade;`);

    this.addSql(`drop table if exists "property_settings" cascade;`);
  }

}
