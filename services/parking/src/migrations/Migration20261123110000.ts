import { Migration } from '@mikro-orm/migrations';

/**
 * Parking complete (issue 12): space kinds and service, price lists, payments (the monthly-rental
 * register), offer deadlines and reminders; the waiting-list position is computed, one live lease per plate.
 */
export class Migration20261123110000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create sequence if not exists "parking_pass_card_seq";`);
    this.addSql(`create type "parking_space_kind" as enum ('STANDARD', 'EV_CHARGING', 'ACCESSIBLE', 'MOTORCYCLE');`);
    this.addSql(`create table "parking_payment" ("id" uuid not null, "lease_id" uuid not null, "property_id" uuid not null, "lot_id" uuid not null, "receipt_no" varchar(255) not null, "amount_fen" int not null, "term" "lease_term" not null, "period_start" date not null, "period_end" date not null, "renewal" boolean not null, "pass_card_no" varchar(255) not null, "by" varchar(255) not null, "paid_at" timestamptz not null, constraint "parking_payment_pkey" primary key ("id"));`);
    this.addSql(`alter table "parking_payment" add constraint "parking_payment_receipt_no_unique" unique ("receipt_no");`);
    this.addSql(`create index "parking_payment_lease_id_index" on "parking_payment" ("lease_id");`);
    this.addSql(`create index "parking_payment_property_id_paid_at_index" on "parking_payment" ("property_id", "paid_at");`);

    this.addSql(`create table "parking_price" ("lot_id" uuid not null, "term" "lease_term" not null, "amount_fen" int not null, constraint "parking_price_pkey" primary key ("lot_id", "term"));`);

    this.addSql(`alter table "parking_price" add constraint "parking_price_lot_id_foreign" foreign key ("lot_id") references "parking_lot" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "parking_lease" drop column "waitlist_position";`);

    this.addSql(`alter table "parking_lease" add column "offer_expires_at" timestamptz null, add column "reminder_sent_for" date null, add column "licence_holder_id" uuid null;`);
    // Spaces held before offers had deadlines: 3 days from the application.
    this.addSql(`update "parking_lease" set "offer_expires_at" = "created_at" + interval '3 days' where "status" = 'PENDING_PAYMENT';`);
    this.addSql(`create unique index "parking_lease_one_live_per_plate" on "parking_lease" ("property_id", "plate") where "status" in ('WAITLISTED', 'PENDING_PAYMENT', 'ACTIVE');`);
    this.addSql(`create index "parking_lease_status_ends_on_index" on "parking_lease" ("status", "ends_on");`);
    this.addSql(`create index "parking_lease_status_offer_expires_at_index" on "parking_lease" ("status", "offer_expires_at");`);
    this.addSql(`create index "parking_lease_property_id_plate_index" on "parking_lease" ("property_id", "plate");`);

    this.addSql(`alter table "parking_space" add column "kind" "parking_space_kind" not null default 'STANDARD', add column "in_service" boolean not null default true, add column "out_of_service_reason" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop sequence if exists "parking_pass_card_seq";`);
    this.addSql(`drop table if exists "parking_payment" cascade;`);

    this.addSql(`drop table if exists "parking_price" cascade;`);

    this.addSql(`drop index "parking_lease_one_live_per_plate";`);
    this.addSql(`drop index "parking_lease_status_ends_on_index";`);
    this.addSql(`drop index "parking_lease_status_offer_expires_at_index";`);
    this.addSql(`drop index "parking_lease_property_id_plate_index";`);
    this.addSql(`alter table "parking_lease" drop column "offer_expires_at", drop column "reminder_sent_for", drop column "licence_holder_id";`);

    this.addSql(`alter table "parking_lease" add column "waitlist_position" int4 null;`);

    this.addSql(`alter table "parking_space" drop column "kind", drop column "in_service", drop column "out_of_service_reason";`);

    this.addSql(`drop type "parking_space_kind";`);
  }

}
