import { Migration } from '@mikro-orm/migrations';

/** Item-release passes checked at the gate: valid until, used once, checked by, the carrier's signature. Passes issued before: valid 24 hours from issue. */
export class Migration20261123114506 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "item_release_pass" add column "valid_until" timestamptz null, add column "used_at" timestamptz null, add column "checked_by" varchar(255) null, add column "carrier_signature" text null;`);
    this.addSql(`update "item_release_pass" set "valid_until" = "issued_at" + interval '24 hours';`);
    this.addSql(`alter table "item_release_pass" alter column "valid_until" set not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "item_release_pass" drop column "valid_until", drop column "used_at", drop column "checked_by", drop column "carrier_signature";`);
  }

}
