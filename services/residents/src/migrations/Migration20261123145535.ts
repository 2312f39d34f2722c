import { Migration } from '@mikro-orm/migrations';

/** A resident remembers the request id they were registered with: a retried registerResident returns them. */
export class Migration20261123145535 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "resident" add column "request_id" uuid null;`);
    this.addSql(`alter table "resident" add constraint "resident_request_id_key" unique ("request_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "resident" drop constraint "resident_request_id_key";`);
    this.addSql(`alter table "resident" drop column "request_id";`);
  }

}
