import { Migration } from '@mikro-orm/migrations';

export class Migration20261122075034 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "ticket" add column "next_deadline_at" timestamptz null, add column "sla_breaches" text[] not null default '{}', add column "breached" boolean not null default false;`);
    this.addSql(`create index "ticket_next_deadline_idx" on "ticket" ("next_deadline_at") where "next_deadline_at" is not null;`);
    this.addSql(`create index "ticket_property_id_breached_created_at_id_index" on "ticket" ("property_id", "breached", "created_at", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "ticket_next_deadline_idx";`);
    this.addSql(`drop index "ticket_property_id_breached_created_at_id_index";`);
    this.addSql(`alter table "ticket" drop column "next_deadline_at", drop column "sla_breaches", drop column "breached";`);
  }

}
