import { Migration } from '@mikro-orm/migrations';

export class Migration20261122063842 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "survey_status" as enum ('DRAFT', 'OPEN', 'CLOSED', 'PUBLISHED');`);
    this.addSql(`create type "survey_category" as enum ('POWER_SUPPLY', 'WATER_SUPPLY', 'FIRE_AND_SECURITY', 'SANITATION', 'LANDSCAPING', 'PUBLIC_FACILITIES', 'REPAIR_SERVICE', 'SERVICE_ATTITUDE');`);
    this.addSql(`create table "survey" ("id" uuid not null, "property_id" uuid not null, "title" varchar(255) not null, "opens_on" date not null, "closes_on" date not null, "status" "survey_status" not null default 'DRAFT', "categories" "survey_category"[] not null, "created_by" varchar(255) not null, "created_at" timestamptz not null, constraint "survey_pkey" primary key ("id"));`);
    this.addSql(`create index "survey_property_id_opens_on_id_index" on "survey" ("property_id", "opens_on", "id");`);
  }

}
