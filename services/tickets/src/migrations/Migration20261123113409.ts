import { Migration } from '@mikro-orm/migrations';

/** Complaints' definite answers, causes and corrective actions; deadline extensions (超时申请) and their approval. */
export class Migration20261123113409 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "extension_status" as enum ('PENDING', 'APPROVED', 'REFUSED');`);
    this.addSql(`create type "complaint_cause" as enum ('EQUIPMENT', 'ATTITUDE', 'SERVICE_QUALITY', 'SUDDEN_EVENT', 'OTHER');`);
    this.addSql(`create table "deadline_extension" ("id" uuid not null, "ticket_id" uuid not null, "property_id" uuid not null, "until" timestamptz not null, "previous_deadline" timestamptz null, "reason" text not null, "requested_by" varchar(255) not null, "requested_at" timestamptz not null, "status" "extension_status" not null default 'PENDING', "decided_by" varchar(255) null, "decided_at" timestamptz null, "decision_note" text null, constraint "deadline_extension_pkey" primary key ("id"));`);
    this.addSql(`create unique index "deadline_extension_pending_idx" on "deadline_extension" ("ticket_id") where "status" = 'PENDING';`);
    this.addSql(`create index "deadline_extension_ticket_id_requested_at_index" on "deadline_extension" ("ticket_id", "requested_at");`);
    this.addSql(`create index "deadline_extension_property_id_status_requested_at_index" on "deadline_extension" ("property_id", "status", "requested_at");`);

    this.addSql(`alter table "ticket" add column "answer" text null, add column "answered_at" timestamptz null, add column "extended_until" timestamptz null, add column "cause" "complaint_cause" null, add column "remedy" text null, add column "corrective_measure" text null, add column "correction_verified_by" varchar(255) null, add column "correction_verified_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "deadline_extension" cascade;`);

    this.addSql(`alter table "ticket" drop column "answer", drop column "answered_at", drop column "extended_until", drop column "cause", drop column "remedy", drop column "corrective_measure", drop column "correction_verified_by", drop column "correction_verified_at";`);

    this.addSql(`drop type "extension_status";`);
    this.addSql(`drop type "complaint_cause";`);
  }

}
