import { Migration } from '@mikro-orm/migrations';

export class Migration20261122080918 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "callback_tally" ("property_id" uuid not null, "month" varchar(7) not null, "kind" varchar(30) not null, "callbacks" int not null default 0, "satisfied" int not null default 0, "fairly_satisfied" int not null default 0, "dissatisfied" int not null default 0, "late" int not null default 0, constraint "callback_tally_pkey" primary key ("property_id", "month", "kind"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "callback_tally" cascade;`);
  }

}
