import { Migration } from '@mikro-orm/migrations';

export class Migration20261122063706 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create sequence if not exists "renovation_number_seq";`);
    this.addSql(`create type "renovation_status" as enum ('SUBMITTED', 'RETURNED', 'APPROVED', 'PROTECTION_CONFIRMED', 'PERMIT_ISSUED', 'IN_PROGRESS', 'COMPLETION_REQUESTED', 'INSPECTION_FAILED', 'INSPECTION_PASSED', 'REFUNDED');`);
    this.addSql(`create type "renovation_work_item" as enum ('FLOORING', 'PAINTING', 'PLUMBING', 'ELECTRICAL', 'CEILING', 'NON_LOAD_BEARING_WALL', 'AIR_CONDITIONING', 'FIRE_SYSTEM', 'STRUCTURAL', 'GAS', 'FACADE');`);
    this.addSql(`create type "document_type" as enum ('FLOOR_PLAN', 'CEILING_PLAN', 'PLUMBING_ELECTRICAL_PLAN', 'WALL_CHANGE_PLAN', 'CONTRACTOR_RESPONSIBLE_PERSON_ID', 'CONTRACTOR_AUTHORISATION', 'CONTRACTOR_BUSINESS_LICENCE', 'CONTRACTOR_QUALIFICATION', 'CONTRACTOR_TAX_REGISTRATION', 'FACADE_RENDERING', 'AIR_CONDITIONING_PLAN', 'FIRE_DESIGN_REVIEW_RECEIPT', 'DESIGN_QUALIFICATION', 'LEASE_COPY', 'POWER_OF_ATTORNEY', 'COMPANY_BUSINESS_LICENCE', 'LEGAL_REPRESENTATIVE_CERTIFICATE', 'COMPANY_AUTHORISATION');`);
    this.addSql(`create table "renovation_application" ("id" uuid not null, "number" varchar(255) not null, "unit_id" uuid not null, "applicant_id" uuid not null, "status" "renovation_status" not null default 'SUBMITTED', "work_items" "renovation_work_item"[] not null, "self_build" boolean not null, "contractor" jsonb null, "provided_documents" "document_type"[] not null, "submitted_by" varchar(255) not null, "created_at" timestamptz not null, constraint "renovation_application_pkey" primary key ("id"));`);
    this.addSql(`alter table "renovation_application" add constraint "renovation_application_number_unique" unique ("number");`);
    this.addSql(`create index "renovation_application_status_created_at_id_index" on "renovation_application" ("status", "created_at", "id");`);
    this.addSql(`create index "renovation_application_unit_id_created_at_index" on "renovation_application" ("unit_id", "created_at");`);
  }

}
