import { Migration } from '@mikro-orm/migrations';

/** Visitors of the property itself (no host unit), approved by the duty manager. */
export class Migration20261123121031 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter type "admission" add value if not exists 'DUTY_MANAGER_APPROVED';`);
    this.addSql(`alter table "visitor_entry" add column "approved_by" varchar(255) null;`);
    this.addSql(`alter table "visitor_entry" alter column "host_unit_id" drop not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "visitor_entry" drop column "approved_by";`);

    this.addSql(`alter table "visitor_entry" alter column "host_unit_id" set not null;`);
  }

}
