import { Migration } from '@mikro-orm/migrations';

export class Migration20261122063618 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create sequence if not exists "ticket_number_seq";`);
    this.addSql(`create type "ticket_kind" as enum ('REPAIR', 'COMPLAINT', 'REQUEST', 'SUGGESTION', 'INQUIRY', 'PATROL_FINDING', 'RECTIFICATION');`);
    this.addSql(`create type "channel" as enum ('PHONE', 'VISIT', 'APP', 'PATROL', 'LETTER', 'INTEGRATION');`);
    this.addSql(`create type "ticket_status" as enum ('NEW', 'DISPATCHED', 'IN_PROGRESS', 'ON_HOLD', 'RESOLVED', 'CLOSED', 'REJECTED');`);
    this.addSql(`create type "repair_urgency" as enum ('EMERGENCY', 'NORMAL');`);
    this.addSql(`create type "department" as enum ('CUSTOMER_SERVICE', 'ENGINEERING', 'SECURITY', 'CLEANING', 'LANDSCAPING', 'FINANCE', 'MANAGEMENT');`);
    this.addSql(`create table "ticket" ("id" uuid not null, "number" varchar(255) not null, "property_id" uuid not null, "kind" "ticket_kind" not null, "channel" "channel" not null, "status" "ticket_status" not null default 'NEW', "title" varchar(255) not null, "description" text null, "unit_id" uuid null, "reporter_id" uuid null, "urgency" "repair_urgency" null, "incident_key" varchar(255) null, "department" "department" null, "assignee" varchar(255) null, "opened_by" varchar(255) not null, "created_at" timestamptz not null, "dispatched_at" timestamptz null, "resolved_at" timestamptz null, "closed_at" timestamptz null, constraint "ticket_pkey" primary key ("id"));`);
    this.addSql(`alter table "ticket" add constraint "ticket_number_unique" unique ("number");`);
    this.addSql(`create index "ticket_reporter_id_created_at_id_index" on "ticket" ("reporter_id", "created_at", "id");`);
    this.addSql(`create index "ticket_unit_id_created_at_id_index" on "ticket" ("unit_id", "created_at", "id");`);
    this.addSql(`create index "ticket_property_id_department_created_at_id_index" on "ticket" ("property_id", "department", "created_at", "id");`);
    this.addSql(`create index "ticket_property_id_kind_created_at_id_index" on "ticket" ("property_id", "kind", "created_at", "id");`);
    this.addSql(`create index "ticket_property_id_status_created_at_id_index" on "ticket" ("property_id", "status", "created_at", "id");`);
    this.addSql(`create index "ticket_property_id_created_at_id_index" on "ticket" ("property_id", "created_at", "id");`);

    this.addSql(`create table "ticket_transition" ("id" uuid not null, "ticket_id" uuid not null, "from" "ticket_status" null, "to" "ticket_status" not null, "at" timestamptz not null, "by" varchar(255) not null, "note" text null, constraint "ticket_transition_pkey" primary key ("id"));`);
    this.addSql(`create index "ticket_transition_ticket_id_at_index" on "ticket_transition" ("ticket_id", "at");`);
  }

}
