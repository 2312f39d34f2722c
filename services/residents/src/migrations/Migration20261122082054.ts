import { Migration } from '@mikro-orm/migrations';

/** Occupancy audit trail, hand-overs, item-release passes, the visitor register, the personal-data access log, the owner archive. */
export class Migration20261122082054 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create sequence if not exists "item_release_number_seq";`);
    this.addSql(`create type "carrier_relation" as enum ('OWNER', 'TENANT', 'FAMILY', 'NANNY', 'DECORATOR', 'STAFF');`);
    this.addSql(`create type "release_reason" as enum ('MOVE_OUT', 'TEMPORARY');`);
    this.addSql(`create type "confirmation_method" as enum ('SIGNATURE', 'PHONE');`);
    this.addSql(`create type "occupancy_change_reason" as enum ('HANDOVER', 'MOVE_IN', 'MOVE_OUT', 'RENOVATION', 'CORRECTION', 'IMPORT');`);
    this.addSql(`create type "admission" as enum ('HOST_CONFIRMED_ON_INTERCOM', 'PASS_CHECKED', 'STAFF_CARD');`);
    this.addSql(`create table "handover" ("id" uuid not null, "unit_id" uuid not null, "property_id" uuid not null, "owner_id" uuid null, "accepted" boolean not null, "refusal_reason" text null, "identity_checked" text[] not null, "prepaid_months" int not null, "management_fee_fen" int not null, "electricity_float_fen" int null, "water_float_fen" int null, "documents_signed" text[] not null, "keys_issued" int not null, "water_reading" double precision not null, "electricity_reading" double precision not null, "gas_reading" double precision null, "by" varchar(255) not null, "at" timestamptz not null, constraint "handover_pkey" primary key ("id"));`);
    this.addSql(`create index "handover_property_id_at_index" on "handover" ("property_id", "at");`);
    this.addSql(`create index "handover_unit_id_at_index" on "handover" ("unit_id", "at");`);

    this.addSql(`create table "handover_defect" ("id" uuid not null, "handover_id" uuid not null, "description" text not null, "large" boolean not null, constraint "handover_defect_pkey" primary key ("id"));`);
    this.addSql(`create index "handover_defect_handover_id_index" on "handover_defect" ("handover_id");`);

    this.addSql(`create table "item_release_pass" ("id" uuid not null, "number" varchar(255) not null, "unit_id" uuid not null, "property_id" uuid not null, "carrier_name" varchar(255) not null, "carrier_relation" "carrier_relation" not null, "reason" "release_reason" not null, "items" jsonb not null, "fees_settled" boolean not null, "confirmation_method" "confirmation_method" null, "confirmed_at" timestamptz null, "confirmed_by" varchar(255) null, "issued_by" varchar(255) not null, "issued_at" timestamptz not null, constraint "item_release_pass_pkey" primary key ("id"));`);
    this.addSql(`alter table "item_release_pass" add constraint "item_release_pass_number_unique" unique ("number");`);
    this.addSql(`create index "item_release_pass_property_id_issued_at_index" on "item_release_pass" ("property_id", "issued_at");`);
    this.addSql(`create index "item_release_pass_unit_id_issued_at_index" on "item_release_pass" ("unit_id", "issued_at");`);

    this.addSql(`create table "occupancy_change" ("id" uuid not null, "unit_id" uuid not null, "property_id" uuid not null, "building_id" uuid not null, "from" "occupancy_status" not null, "to" "occupancy_status" not null, "reason" "occupancy_change_reason" not null, "note" text null, "by" varchar(255) not null, "at" timestamptz not null, constraint "occupancy_change_pkey" primary key ("id"));`);
    this.addSql(`create index "occupancy_change_property_id_at_index" on "occupancy_change" ("property_id", "at");`);
    this.addSql(`create index "occupancy_change_unit_id_at_index" on "occupancy_change" ("unit_id", "at");`);

    this.addSql(`create table "pii_access" ("id" uuid not null, "resident_id" uuid not null, "property_id" uuid not null, "accessor_id" varchar(255) not null, "accessor_name" varchar(255) not null, "fields" text[] not null, "reason" text null, "via" varchar(255) not null, "at" timestamptz not null, constraint "pii_access_pkey" primary key ("id"));`);
    this.addSql(`create index "pii_access_resident_id_at_index" on "pii_access" ("resident_id", "at");`);
    this.addSql(`create index "pii_access_property_id_at_id_index" on "pii_access" ("property_id", "at", "id");`);

    this.addSql(`create table "visitor_entry" ("id" uuid not null, "property_id" uuid not null, "host_unit_id" uuid not null, "visitor_name" varchar(255) not null, "visitors" int not null default 1, "purpose" varchar(255) not null, "admission" "admission" not null, "admitted_by" varchar(255) not null, "arrived_at" timestamptz not null, "left_at" timestamptz null, constraint "visitor_entry_pkey" primary key ("id"));`);
    this.addSql(`create index "visitor_entry_host_unit_id_arrived_at_index" on "visitor_entry" ("host_unit_id", "arrived_at");`);
    this.addSql(`create index "visitor_entry_property_id_arrived_at_id_index" on "visitor_entry" ("property_id", "arrived_at", "id");`);

    this.addSql(`alter table "resident" add column "emergency_contact_name" varchar(255) null, add column "emergency_contact_phone" varchar(255) null, add column "birthday" date null, add column "bank_collection_agreement" boolean not null default false, add column "documents_signed" text[] not null default '{}', add column "phone_reversed" varchar(255) generated always as (reverse(phone)) stored null;`);
    this.addSql(`create index "resident_phone_suffix_idx" on "resident" ("property_id", "phone_reversed" text_pattern_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "handover" cascade;`);

    this.addSql(`drop table if exists "handover_defect" cascade;`);

    this.addSql(`drop table if exists "item_release_pass" cascade;`);

    this.addSql(`drop table if exists "occupancy_change" cascade;`);

    this.addSql(`drop table if exists "pii_access" cascade;`);

    this.addSql(`drop table if exists "visitor_entry" cascade;`);

    this.addSql(`drop index "resident_phone_suffix_idx";`);
    this.addSql(`alter table "resident" drop column "emergency_contact_name", drop column "emergency_contact_phone", drop column "birthday", drop column "bank_collection_agreement", drop column "documents_signed", drop column "phone_reversed";`);

    this.addSql(`drop sequence if exists "item_release_number_seq";`);
    this.addSql(`drop type "carrier_relation";`);
    this.addSql(`drop type "release_reason";`);
    this.addSql(`drop type "confirmation_method";`);
    this.addSql(`drop type "occupancy_change_reason";`);
    this.addSql(`drop type "admission";`);
  }

}
