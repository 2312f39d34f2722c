import { Migration } from '@mikro-orm/migrations';

export class Migration20261122064044 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "api_key" ("id" uuid not null, "name" varchar(255) not null, "secret_hash" varchar(64) not null, "scopes" text[] not null, "property_ids" text[] not null, "created_at" timestamptz not null, "revoked_at" timestamptz null, constraint "api_key_pkey" primary key ("id"));`);
  }

}
