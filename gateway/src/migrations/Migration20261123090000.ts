import { Migration } from '@mikro-orm/migrations';

/** A rate limit per API key (requests a minute; null: the gateway's default). */
export class Migration20261123090000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "api_key" add column "rate_limit_per_minute" int null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "api_key" drop column "rate_limit_per_minute";`);
  }

}
