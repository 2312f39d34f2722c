import { Migration } from '@mikro-orm/migrations';

/** Patrol findings: their round and place, and the on-site verification of the fix. */
export class Migration20261123120543 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "ticket" add column "patrol_round_id" uuid null, add column "location" text null, add column "verification_due_by" timestamptz null, add column "verified_at" timestamptz null, add column "verified_by" varchar(255) null, add column "verification_ok" boolean null, add column "verification_note" text null;`);
    this.addSql(`create index "ticket_patrol_round_idx" on "ticket" ("patrol_round_id") where "patrol_round_id" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "ticket_patrol_round_idx";`);
    this.addSql(`alter table "ticket" drop column "patrol_round_id", drop column "location", drop column "verification_due_by", drop column "verified_at", drop column "verified_by", drop column "verification_ok", drop column "verification_note";`);
  }

}
