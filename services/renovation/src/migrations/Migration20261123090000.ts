import { Migration } from '@mikro-orm/migrations';

/** Every application belongs to a property (from renovation's unit directory, fed by residents' events). */
export class Migration20261123090000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "unit_directory" ("unit_id" uuid not null, "property_id" uuid not null, "code" varchar(255) not null, "usage" varchar(255) not null, constraint "unit_directory_pkey" primary key ("unit_id"));`);
    this.addSql(`create index "unit_directory_property_id_index" on "unit_directory" ("property_id");`);
    // Applications filed before this migration get their property when the directory learns their unit.
    this.addSql(`alter table "renovation_application" add column "property_id" uuid null;`);
    this.addSql(`create index "renovation_application_property_id_status_created_at_id_index" on "renovation_application" ("property_id", "status", "created_at", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "renovation_application_property_id_status_created_at_id_index";`);
    this.addSql(`alter table "renovation_application" drop column "property_id";`);
    this.addSql(`drop table if exists "unit_directory" cascade;`);
  }

}
