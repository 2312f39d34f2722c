import { Migration } from '@mikro-orm/migrations';

/** One building name per property, enforced by the database (concurrent addBuilding calls made duplicates). */
export class Migration20261123090000 extends Migration {

  override async up(): Promise<void> {
    // Older duplicates keep their rows, renamed "<name> (2)", "<name> (3)"… so the constraint can be added.
    this.addSql(`with ranked as (select id, row_number() over (partition by property_id, name order by created_at, id) as n from "building")
      update "building" b set name = b.name || ' (' || ranked.n || ')' from ranked where ranked.id = b.id and ranked.n > 1;`);
    this.addSql(`drop index if exists "building_property_id_name_index";`);
    this.addSql(`alter table "building" add constraint "building_property_id_name_unique" unique ("property_id", "name");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "building" drop constraint "building_property_id_name_unique";`);
    this.addSql(`create index "building_property_id_name_index" on "building" ("property_id", "name");`);
  }

}
