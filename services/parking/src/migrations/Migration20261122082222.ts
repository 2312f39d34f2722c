import { Migration } from '@mikro-orm/migrations';

export class Migration20261122082222 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "parking_lease" add column "terminated_at" timestamptz null, add column "termination_reason" text null;`);
    this.addSql(`create index "parking_lease_holder_id_status_index" on "parking_lease" ("holder_id", "status");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "parking_lease_holder_id_status_index";`);
    this.addSql(`alter table "parking_lease" drop column "terminated_at", drop column "termination_reason";`);
  }

}
