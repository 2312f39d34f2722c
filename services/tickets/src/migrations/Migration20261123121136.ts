import { Migration } from '@mikro-orm/migrations';

/** A ticket's contact phone (masked; unmasked reads logged) and the appointment agreed with the resident. */
export class Migration20261123121136 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "ticket_pii_access" ("id" uuid not null, "ticket_id" uuid not null, "property_id" uuid not null, "accessor_id" varchar(255) not null, "accessor_name" varchar(255) not null, "at" timestamptz not null, constraint "ticket_pii_access_pkey" primary key ("id"));`);
    this.addSql(`create index "ticket_pii_access_property_id_at_id_index" on "ticket_pii_access" ("property_id", "at", "id");`);

    this.addSql(`alter table "ticket" add column "contact_phone" varchar(255) null, add column "appointment_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "ticket_pii_access" cascade;`);

    this.addSql(`alter table "ticket" drop column "contact_phone", drop column "appointment_at";`);
  }

}
