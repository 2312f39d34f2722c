import { Migration } from '@mikro-orm/migrations';

/** (Its outbox/inbox tables now come from libs/events' messaging migration.) */
export class Migration20261122070948 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "unit_directory" ("unit_id" uuid not null, "property_id" uuid not null, "code" varchar(255) not null, constraint "unit_directory_pkey" primary key ("unit_id"));`);
    this.addSql(`create index "unit_directory_property_id_index" on "unit_directory" ("property_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "unit_directory" cascade;`);
  }

}
