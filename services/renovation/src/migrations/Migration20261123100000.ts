import { Migration } from '@mikro-orm/migrations';

/**
 * Renovation complete (issue 11): the case, fees, decision, permit and works of an application; worker
 * passes, inspections, violations, hot work, fee schedules; property kinds and occupancy in the directories.
 */
export class Migration20261123100000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter type "document_type" add value if not exists 'FIRE_ACCEPTANCE_RECEIPT';`);
    this.addSql(`create type "undertaking_type" as enum ('APPLICATION_FORM', 'MANAGEMENT_AGREEMENT', 'NON_LOAD_BEARING_WALL_UNDERTAKING', 'FIRE_SAFETY_RESPONSIBILITY', 'FIRE_FACILITY_UNDERTAKING', 'SELF_BUILD_UNDERTAKING');`);
    this.addSql(`create type "department" as enum ('CUSTOMER_SERVICE', 'ENGINEERING', 'SECURITY', 'CLEANING', 'LANDSCAPING', 'FINANCE', 'MANAGEMENT');`);
    this.addSql(`create type "violation_severity" as enum ('MINOR', 'SERIOUS');`);
    this.addSql(`create table "renovation_fee_schedule" ("property_id" uuid not null, "deposit_fen" int not null, "debris_removal_fen" int not null, "worker_pass_fen" int not null, "air_conditioning_change_fen" int not null, "fire_water_drain_fen" int not null, "fire_linkage_fen" int not null, "updated_by" varchar(255) not null, "updated_at" timestamptz not null, constraint "renovation_fee_schedule_pkey" primary key ("property_id"));`);

    this.addSql(`create table "renovation_hot_work_permit" ("id" uuid not null, "application_id" uuid not null, "from_at" timestamptz not null, "until_at" timestamptz not null, "location" varchar(255) not null, "fire_watch" varchar(255) null, "approved_by" varchar(255) not null, "approved_at" timestamptz not null, constraint "renovation_hot_work_permit_pkey" primary key ("id"));`);
    this.addSql(`create index "renovation_hot_work_permit_application_id_index" on "renovation_hot_work_permit" ("application_id");`);

    this.addSql(`create table "property_directory" ("property_id" uuid not null, "kind" varchar(255) not null, constraint "property_directory_pkey" primary key ("property_id"));`);

    this.addSql(`create table "renovation_inspection" ("id" uuid not null, "application_id" uuid not null, "department" "department" not null, "date" date not null, "findings" text null, "by" varchar(255) not null, "at" timestamptz not null, constraint "renovation_inspection_pkey" primary key ("id"));`);
    this.addSql(`create index "renovation_inspection_application_id_date_index" on "renovation_inspection" ("application_id", "date");`);

    this.addSql(`create table "renovation_violation" ("id" uuid not null, "application_id" uuid not null, "severity" "violation_severity" not null, "description" text not null, "penalty_fen" int not null, "owner_notified_at" timestamptz null, "contractor_notified_at" timestamptz null, "owner_signed" boolean not null, "contractor_signed" boolean not null, "recorded_by" varchar(255) not null, "at" timestamptz not null, constraint "renovation_violation_pkey" primary key ("id"));`);
    this.addSql(`create index "renovation_violation_application_id_index" on "renovation_violation" ("application_id");`);

    this.addSql(`create table "renovation_worker" ("id" uuid not null, "application_id" uuid not null, "name" varchar(255) not null, "id_number" varchar(255) not null, "pass_no" varchar(255) not null, "valid_until" date not null, constraint "renovation_worker_pkey" primary key ("id"));`);
    this.addSql(`create index "renovation_worker_application_id_index" on "renovation_worker" ("application_id");`);
    this.addSql(`alter table "renovation_worker" add constraint "renovation_worker_pass_no_unique" unique ("pass_no");`);

    this.addSql(`alter table "renovation_application" add column "unit_usage" varchar(255) not null default 'HOME', add column "property_kind" varchar(255) not null default 'RESIDENTIAL', add column "applicant_kind" varchar(255) not null default 'OWNER', add column "owner_authorised" boolean not null default false, add column "signed_undertakings" "undertaking_type"[] not null default '{}', add column "government_approvals" jsonb not null default '[]', add column "worker_passes" int not null default 0, add column "fees" jsonb not null default '[]', add column "paid_fen" int null, add column "paid_at" timestamptz null, add column "receipt_no" varchar(255) null, add column "decision_due_by" timestamptz null, add column "decided_at" timestamptz null, add column "decided_by" varchar(255) null, add column "return_reason" text null, add column "decision_overdue_at" timestamptz null, add column "protection_confirmed_at" timestamptz null, add column "protection_confirmed_by" varchar(255) null, add column "permit_issued_at" timestamptz null, add column "permit_valid_until" date null, add column "emergency_phone" varchar(255) null, add column "inspections_checked_through" date null, add column "completion_requested_at" timestamptz null, add column "completion_inspected_at" timestamptz null, add column "completion_issues" text null, add column "inspection_passed_on" date null, add column "deposit_refund_due_on" date null, add column "refund" jsonb null;`);
    // Applications filed before decisions were tracked: due 3 calendar days after submission (close enough for history).
    this.addSql(`update "renovation_application" set "decision_due_by" = "created_at" + interval '3 days';`);
    this.addSql(`alter table "renovation_application" alter column "decision_due_by" set not null;`);
    this.addSql(`alter table "renovation_application" add constraint "renovation_application_receipt_no_unique" unique ("receipt_no");`);
    this.addSql(`create unique index "renovation_application_one_live_per_unit" on "renovation_application" ("unit_id") where "status" in ('SUBMITTED', 'APPROVED', 'PROTECTION_CONFIRMED', 'PERMIT_ISSUED', 'IN_PROGRESS', 'COMPLETION_REQUESTED', 'INSPECTION_FAILED');`);
    this.addSql(`create index "renovation_application_decision_due_index" on "renovation_application" ("decision_due_by") where "status" = 'SUBMITTED' and "decision_overdue_at" is null;`);
    this.addSql(`create index "renovation_application_property_id_deposit_refund_due_on_index" on "renovation_application" ("property_id", "deposit_refund_due_on");`);
    this.addSql(`create index "renovation_application_property_id_created_at_index" on "renovation_application" ("property_id", "created_at");`);

    this.addSql(`alter table "resident_directory" add column "active" boolean not null default true;`);

    this.addSql(`alter table "unit_directory" add column "building_id" uuid null, add column "occupancy" varchar(255) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "renovation_fee_schedule" cascade;`);

    this.addSql(`drop table if exists "renovation_hot_work_permit" cascade;`);

    this.addSql(`drop table if exists "property_directory" cascade;`);

    this.addSql(`drop table if exists "renovation_inspection" cascade;`);

    this.addSql(`drop table if exists "renovation_violation" cascade;`);

    this.addSql(`drop table if exists "renovation_worker" cascade;`);

    this.addSql(`alter table "renovation_application" drop constraint "renovation_application_receipt_no_unique";`);
    this.addSql(`drop index "renovation_application_one_live_per_unit";`);
    this.addSql(`drop index "renovation_application_decision_due_index";`);
    this.addSql(`drop index "renovation_application_property_id_deposit_refund_due_on_index";`);
    this.addSql(`drop index "renovation_application_property_id_created_at_index";`);
    this.addSql(`alter table "renovation_application" drop column "unit_usage", drop column "property_kind", drop column "applicant_kind", drop column "owner_authorised", drop column "signed_undertakings", drop column "government_approvals", drop column "worker_passes", drop column "fees", drop column "paid_fen", drop column "paid_at", drop column "receipt_no", drop column "decision_due_by", drop column "decided_at", drop column "decided_by", drop column "return_reason", drop column "decision_overdue_at", drop column "protection_confirmed_at", drop column "protection_confirmed_by", drop column "permit_issued_at", drop column "permit_valid_until", drop column "emergency_phone", drop column "inspections_checked_through", drop column "completion_requested_at", drop column "completion_inspected_at", drop column "completion_issues", drop column "inspection_passed_on", drop column "deposit_refund_due_on", drop column "refund";`);

    this.addSql(`alter table "resident_directory" drop column "active";`);

    this.addSql(`alter table "unit_directory" drop column "building_id", drop column "occupancy";`);

    this.addSql(`drop type "undertaking_type";`);
    this.addSql(`drop type "department";`);
    this.addSql(`drop type "violation_severity";`);
  }

}
