import { Migration } from '@mikro-orm/migrations';

export class Migration20261122074814 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "ticket" add column "started_at" timestamptz null, add column "hold_started_at" timestamptz null, add column "paused_ms" bigint not null default 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "ticket" drop column "started_at", drop column "hold_started_at", drop column "paused_ms";`);
  }

}
