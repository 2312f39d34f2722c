import { Migration } from '@mikro-orm/migrations';

/** Where each resident lives (from residents' events), so a ticket's reporter is checked against its property. */
export class Migration20261123090000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "resident_directory" ("resident_id" uuid not null, "unit_id" uuid not null, "property_id" uuid not null, constraint "resident_directory_pkey" primary key ("resident_id"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "resident_directory" cascade;`);
  }

}
