import { Migration } from '@mikro-orm/migrations';

/** 日常巡查: patrol rounds, what each had to cover and what it covered. */
export class Migration20261123120431 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "patrol_kind" as enum ('DAILY', 'FULL_COVERAGE', 'VACANT_UNITS');`);
    this.addSql(`create table "patrol_round" ("id" uuid not null, "property_id" uuid not null, "kind" "patrol_kind" not null, "date" date not null, "started_by" varchar(255) not null, "started_at" timestamptz not null, "completed_at" timestamptz null, "floors_to_check" jsonb not null, "units_to_check" text[] not null, "areas_checked" text[] not null, "floors_checked" jsonb not null, "units_checked" text[] not null, "note" text null, constraint "patrol_round_pkey" primary key ("id"));`);
    this.addSql(`create index "patrol_round_property_id_date_kind_index" on "patrol_round" ("property_id", "date", "kind");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "patrol_round" cascade;`);

    this.addSql(`drop type "patrol_kind";`);
  }

}
