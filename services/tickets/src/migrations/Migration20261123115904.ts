import { Migration } from '@mikro-orm/migrations';

/** Notifications: recipients by property and role; every delivery with its status, attempts and last error. */
export class Migration20261123115904 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "notification_channel" as enum ('EMAIL', 'WEBHOOK', 'IN_APP');`);
    this.addSql(`create type "delivery_status" as enum ('PENDING', 'SENT', 'FAILED', 'SKIPPED');`);
    this.addSql(`create table "notification_delivery" ("id" uuid not null, "event_id" uuid not null, "event_type" varchar(255) not null, "property_id" uuid not null, "ticket_id" uuid null, "channel" "notification_channel" not null, "address" text not null, "subject" varchar(255) not null, "body" text not null, "status" "delivery_status" not null default 'PENDING', "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "last_error" text null, "created_at" timestamptz not null, "sent_at" timestamptz null, constraint "notification_delivery_pkey" primary key ("id"));`);
    this.addSql(`create index "notification_delivery_pending_idx" on "notification_delivery" ("next_attempt_at") where "status" = 'PENDING';`);
    this.addSql(`create index "notification_delivery_property_id_created_at_id_index" on "notification_delivery" ("property_id", "created_at", "id");`);
    this.addSql(`alter table "notification_delivery" add constraint "notification_delivery_event_id_channel_address_unique" unique ("event_id", "channel", "address");`);

    this.addSql(`create table "notification_recipient" ("id" uuid not null, "property_id" uuid not null, "role" varchar(255) not null, "channel" "notification_channel" not null, "address" text not null, "name" varchar(255) not null, constraint "notification_recipient_pkey" primary key ("id"));`);
    this.addSql(`create index "notification_recipient_property_id_role_index" on "notification_recipient" ("property_id", "role");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "notification_delivery" cascade;`);

    this.addSql(`drop table if exists "notification_recipient" cascade;`);

    this.addSql(`drop type "notification_channel";`);
    this.addSql(`drop type "delivery_status";`);
  }

}
