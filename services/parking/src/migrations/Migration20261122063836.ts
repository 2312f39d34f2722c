import { Migration } from '@mikro-orm/migrations';

export class Migration20261122063836 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create sequence if not exists "parking_lease_number_seq";`);
    this.addSql(`create type "lease_term" as enum ('MONTHLY', 'QUARTERLY', 'YEARLY');`);
    this.addSql(`create type "parking_lease_status" as enum ('WAITLISTED', 'PENDING_PAYMENT', 'ACTIVE', 'EXPIRED', 'TERMINATED');`);
    this.addSql(`create table "parking_lot" ("id" uuid not null, "property_id" uuid not null, "name" varchar(255) not null, "created_at" timestamptz not null, constraint "parking_lot_pkey" primary key ("id"));`);
    this.addSql(`create index "parking_lot_property_id_index" on "parking_lot" ("property_id");`);

    this.addSql(`create table "parking_lease" ("id" uuid not null, "number" varchar(255) not null, "lot_id" uuid not null, "space_code" varchar(255) null, "unit_id" uuid not null, "holder_id" uuid not null, "plate" varchar(255) not null, "vehicle_model" varchar(255) null, "driving_license_holder" varchar(255) not null, "term" "lease_term" not null, "status" "parking_lease_status" not null default 'PENDING_PAYMENT', "starts_on" date null, "ends_on" date null, "pass_card_no" varchar(255) null, "waitlist_position" int null, "created_at" timestamptz not null, constraint "parking_lease_pkey" primary key ("id"));`);
    this.addSql(`alter table "parking_lease" add constraint "parking_lease_number_unique" unique ("number");`);
    this.addSql(`create index "parking_lease_unit_id_status_index" on "parking_lease" ("unit_id", "status");`);
    this.addSql(`create index "parking_lease_lot_id_status_created_at_id_index" on "parking_lease" ("lot_id", "status", "created_at", "id");`);

    this.addSql(`create table "parking_space" ("id" uuid not null, "lot_id" uuid not null, "code" varchar(255) not null, constraint "parking_space_pkey" primary key ("id"));`);
    this.addSql(`alter table "parking_space" add constraint "parking_space_lot_id_code_unique" unique ("lot_id", "code");`);

    this.addSql(`alter table "parking_lease" add constraint "parking_lease_lot_id_foreign" foreign key ("lot_id") references "parking_lot" ("id") on update cascade;`);

    this.addSql(`alter table "parking_space" add constraint "parking_space_lot_id_foreign" foreign key ("lot_id") references "parking_lot" ("id") on update cascade on delete cascade;`);
  }

}
