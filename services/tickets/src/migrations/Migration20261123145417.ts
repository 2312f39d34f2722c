import { Migration } from '@mikro-orm/migrations';

/** A ticket remembers the request id it was opened with: a retried openTicket returns it. */
export class Migration20261123145417 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "ticket" add column "request_id" uuid null;`);
    this.addSql(`alter table "ticket" add constraint "ticket_request_id_key" unique ("request_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "ticket" drop constraint "ticket_request_id_key";`);
    this.addSql(`alter table "ticket" drop column "request_id";`);
  }

}
