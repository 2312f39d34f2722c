import { Migration } from '@mikro-orm/migrations';

/** A move-out pass names the resident whose registered move-out it is. */
export class Migration20261123121425 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "item_release_pass" add column "moving_out_resident_id" uuid null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "item_release_pass" drop column "moving_out_resident_id";`);
  }

}
