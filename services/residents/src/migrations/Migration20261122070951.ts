import { Migration } from '@mikro-orm/migrations';

/** (Its outbox/inbox tables now come from libs/events' messaging migration.) */
export class Migration20261122070951 extends Migration {

  override async up(): Promise<void> {
  }

  override async down(): Promise<void> {
  }

}
