import { Migration } from '@mikro-orm/migrations';

/** Each property's own satisfaction targets (from tickets' per-property settings). */
export class Migration20261123125245 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "property_targets" ("property_id" uuid not null, "complaint_satisfaction" double precision null, "repair_satisfaction" double precision null, constraint "property_targets_pkey" primary key ("property_id"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "property_targets" cascade;`);
  }

}
