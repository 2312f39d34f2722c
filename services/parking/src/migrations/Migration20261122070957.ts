import { Migration } from '@mikro-orm/migrations';

/** (Its outbox/inbox tables now come from libs/events' messaging migration.) */
export class Migration20261122070957 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "unit_resident" ("resident_id" uuid not null, "unit_id" uuid not null, "property_id" uuid not null, "kind" varchar(255) not null, "active" boolean not null, "updated_at" timestamptz not null, constraint "unit_resident_pkey" primary key ("resident_id"));`);
    this.addSql(`create index "unit_resident_unit_id_active_index" on "unit_resident" ("unit_id", "active");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "unit_resident" cascade;`);
  }

}
