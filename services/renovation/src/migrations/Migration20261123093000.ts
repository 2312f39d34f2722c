import { Migration } from '@mikro-orm/migrations';

/** Who lives where (from residents' events): an application's applicant must belong to its unit's property. */
export class Migration20261123093000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "resident_directory" ("resident_id" uuid not null, "unit_id" uuid not null, "property_id" uuid not null, "kind" varchar(255) not null, constraint "resident_directory_pkey" primary key ("resident_id"));`);
    this.addSql(`create index "resident_directory_unit_id_index" on "resident_directory" ("unit_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "resident_directory" cascade;`);
  }

}
