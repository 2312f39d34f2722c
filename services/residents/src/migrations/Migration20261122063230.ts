import { Migration } from '@mikro-orm/migrations';

export class Migration20261122063230 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "property_kind" as enum ('RESIDENTIAL', 'OFFICE', 'SERVICED_APARTMENT', 'MIXED');`);
    this.addSql(`create type "unit_usage" as enum ('HOME', 'OFFICE', 'SHOP');`);
    this.addSql(`create type "occupancy_status" as enum ('NOT_HANDED_OVER', 'VACANT', 'OWNER_OCCUPIED', 'OFFICE_OCCUPIED', 'RENTED', 'UNDER_RENOVATION');`);
    this.addSql(`create type "resident_kind" as enum ('OWNER', 'TENANT', 'HOUSEHOLD_MEMBER', 'COMPANY');`);
    this.addSql(`create table "property" ("id" uuid not null, "name" varchar(255) not null, "kind" "property_kind" not null, "created_at" timestamptz not null, constraint "property_pkey" primary key ("id"));`);
    this.addSql(`alter table "property" add constraint "property_name_unique" unique ("name");`);

    this.addSql(`create table "building" ("id" uuid not null, "property_id" uuid not null, "name" varchar(255) not null, "created_at" timestamptz not null, constraint "building_pkey" primary key ("id"));`);
    this.addSql(`create index "building_property_id_name_index" on "building" ("property_id", "name");`);

    this.addSql(`create table "unit" ("id" uuid not null, "building_id" uuid not null, "property_id" uuid not null, "code" varchar(255) not null, "floor" int not null, "usage" "unit_usage" not null, "occupancy" "occupancy_status" not null default 'NOT_HANDED_OVER', "created_at" timestamptz not null, constraint "unit_pkey" primary key ("id"));`);
    this.addSql(`create index "unit_building_id_index" on "unit" ("building_id");`);
    this.addSql(`create index "unit_property_id_occupancy_code_index" on "unit" ("property_id", "occupancy", "code");`);
    this.addSql(`alter table "unit" add constraint "unit_property_id_code_unique" unique ("property_id", "code");`);

    this.addSql(`create table "resident" ("id" uuid not null, "unit_id" uuid not null, "property_id" uuid not null, "kind" "resident_kind" not null, "name" varchar(255) not null, "phone" varchar(255) null, "id_number" varchar(255) null, "moved_in_at" timestamptz null, "moved_out_at" timestamptz null, "active" boolean not null default true, "owner_consent" boolean not null default false, "created_at" timestamptz not null, constraint "resident_pkey" primary key ("id"));`);
    this.addSql(`create index "resident_unit_id_active_index" on "resident" ("unit_id", "active");`);
    this.addSql(`create index "resident_property_id_name_index" on "resident" ("property_id", "name");`);
    this.addSql(`create index "resident_property_id_created_at_id_index" on "resident" ("property_id", "created_at", "id");`);

    this.addSql(`alter table "building" add constraint "building_property_id_foreign" foreign key ("property_id") references "property" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "unit" add constraint "unit_building_id_foreign" foreign key ("building_id") references "building" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "resident" add constraint "resident_unit_id_foreign" foreign key ("unit_id") references "unit" ("id") on update cascade on delete cascade;`);
  }

}
