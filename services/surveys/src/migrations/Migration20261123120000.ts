import { Migration } from '@mikro-orm/migrations';

/**
 * Surveys and visits complete (issue 13): distribution, responses and answers, rectifications
 * following their tickets, household visits; units and residents from residents' events.
 */
export class Migration20261123120000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "department" as enum ('CUSTOMER_SERVICE', 'ENGINEERING', 'SECURITY', 'CLEANING', 'LANDSCAPING', 'FINANCE', 'MANAGEMENT');`);
    this.addSql(`create type "rectification_status" as enum ('OPEN', 'IN_PROGRESS', 'DONE', 'REJECTED');`);
    this.addSql(`create type "survey_rating" as enum ('SATISFIED', 'FAIRLY_SATISFIED', 'DISSATISFIED');`);
    this.addSql(`create type "survey_response_channel" as enum ('PAPER', 'ONLINE');`);
    this.addSql(`create type "visit_method" as enum ('DOOR', 'OFFICE', 'OUTDOOR', 'QUESTIONNAIRE', 'PHONE');`);
    this.addSql(`create table "rectification" ("id" uuid not null, "survey_id" uuid not null, "property_id" uuid not null, "category" "survey_category" not null, "department" "department" not null, "satisfaction_rate" double precision not null, "action" text not null, "due_on" date not null, "status" "rectification_status" not null default 'OPEN', "ticket_id" uuid null, constraint "rectification_pkey" primary key ("id"));`);
    this.addSql(`create index "rectification_survey_id_index" on "rectification" ("survey_id");`);
    this.addSql(`create index "rectification_ticket_id_index" on "rectification" ("ticket_id");`);

    this.addSql(`create table "resident_directory" ("resident_id" uuid not null, "unit_id" uuid not null, "property_id" uuid not null, "active" boolean not null, constraint "resident_directory_pkey" primary key ("resident_id"));`);
    this.addSql(`create index "resident_directory_unit_id_index" on "resident_directory" ("unit_id");`);

    this.addSql(`create table "survey_answer" ("id" uuid not null, "response_id" uuid not null, "survey_id" uuid not null, "category" "survey_category" not null, "rating" "survey_rating" not null, "comment" text null, constraint "survey_answer_pkey" primary key ("id"));`);
    this.addSql(`create index "survey_answer_response_id_index" on "survey_answer" ("response_id");`);
    this.addSql(`create index "survey_answer_survey_id_category_rating_index" on "survey_answer" ("survey_id", "category", "rating");`);

    this.addSql(`create table "survey_distribution" ("survey_id" uuid not null, "unit_id" uuid not null, constraint "survey_distribution_pkey" primary key ("survey_id", "unit_id"));`);

    this.addSql(`create table "survey_response" ("id" uuid not null, "survey_id" uuid not null, "unit_id" uuid not null, "property_id" uuid not null, "channel" "survey_response_channel" not null, "submitted_by" varchar(255) not null, "submitted_at" timestamptz not null, constraint "survey_response_pkey" primary key ("id"));`);
    this.addSql(`alter table "survey_response" add constraint "survey_response_survey_unit_unique" unique ("survey_id", "unit_id");`);

    this.addSql(`create table "unit_directory" ("unit_id" uuid not null, "property_id" uuid not null, "code" varchar(255) not null, "occupancy" varchar(255) not null, constraint "unit_directory_pkey" primary key ("unit_id"));`);
    this.addSql(`create index "unit_directory_property_id_occupancy_index" on "unit_directory" ("property_id", "occupancy");`);

    this.addSql(`create table "visit" ("id" uuid not null, "property_id" uuid not null, "unit_id" uuid not null, "resident_id" uuid null, "method" "visit_method" not null, "topics" text not null, "feedback" text null, "resident_signed" boolean not null, "needs_action" boolean not null, "visited_by_id" varchar(255) not null, "visited_by" varchar(255) not null, "visited_at" timestamptz not null, "ticket_id" uuid null, constraint "visit_pkey" primary key ("id"));`);
    this.addSql(`create index "visit_ticket_id_index" on "visit" ("ticket_id");`);
    this.addSql(`create index "visit_unit_id_visited_at_index" on "visit" ("unit_id", "visited_at");`);
    this.addSql(`create index "visit_property_id_visited_at_index" on "visit" ("property_id", "visited_at");`);

    this.addSql(`alter table "survey" add column "distributed_count" int not null default 0, add column "occupied_at_distribution" int not null default 0, add column "distributed_at" timestamptz null, add column "closed_at" timestamptz null, add column "published_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rectification" cascade;`);

    this.addSql(`drop table if exists "resident_directory" cascade;`);

    this.addSql(`drop table if exists "survey_answer" cascade;`);

    this.addSql(`drop table if exists "survey_distribution" cascade;`);

    this.addSql(`drop table if exists "survey_response" cascade;`);

    this.addSql(`drop table if exists "unit_directory" cascade;`);

    this.addSql(`drop table if exists "visit" cascade;`);

    this.addSql(`alter table "survey" drop column "distributed_count", drop column "occupied_at_distribution", drop column "distributed_at", drop column "closed_at", drop column "published_at";`);

    this.addSql(`drop type "department";`);
    this.addSql(`drop type "rectification_status";`);
    this.addSql(`drop type "survey_rating";`);
    this.addSql(`drop type "survey_response_channel";`);
    this.addSql(`drop type "visit_method";`);
  }

}
