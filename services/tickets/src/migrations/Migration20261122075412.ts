import { Migration } from '@mikro-orm/migrations';

export class Migration20261122075412 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "ticket_property_id_incident_key_index" on "ticket" ("property_id", "incident_key");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "ticket_property_id_incident_key_index";`);
  }

}
