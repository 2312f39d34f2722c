import { Migration } from '@mikro-orm/migrations';

export class Migration20261122074245 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "complaint_validity" as enum ('VALID', 'INVALID');`);
    this.addSql(`create type "complaint_severity" as enum ('MINOR', 'IMPORTANT', 'MAJOR');`);
    this.addSql(`create type "satisfaction" as enum ('SATISFIED', 'FAIRLY_SATISFIED', 'DISSATISFIED');`);
    this.addSql(`alter table "ticket" add column "validity" "complaint_validity" null, add column "severity" "complaint_severity" null, add column "hold_until" timestamptz null, add column "fee_fen" int null, add column "resolution" text null, add column "callback_at" timestamptz null, add column "callback_by" varchar(255) null, add column "callback_resolved" boolean null, add column "callback_satisfaction" "satisfaction" null, add column "callback_comment" text null;`);
    this.addSql(`create index "ticket_property_id_severity_created_at_id_index" on "ticket" ("property_id", "severity", "created_at", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "ticket_property_id_severity_created_at_id_index";`);
    this.addSql(`alter table "ticket" drop column "validity", drop column "severity", drop column "hold_until", drop column "fee_fen", drop column "resolution", drop column "callback_at", drop column "callback_by", drop column "callback_resolved", drop column "callback_satisfaction", drop column "callback_comment";`);

    this.addSql(`drop type "complaint_validity";`);
    this.addSql(`drop type "complaint_severity";`);
    this.addSql(`drop type "satisfaction";`);
  }

}
