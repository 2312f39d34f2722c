import { Migration } from '@mikro-orm/migrations';

export class Migration20261122082308 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "ticket" add column "promised_by" timestamptz null, add column "source_ref" varchar(255) null;`);
    this.addSql(`alter table "ticket" add constraint "ticket_source_ref_unique" unique ("source_ref");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "ticket" drop constraint "ticket_source_ref_unique";`);
    this.addSql(`alter table "ticket" drop column "promised_by", drop column "source_ref";`);
  }

}
