import { Migration } from '@mikro-orm/migrations';

/** (Its outbox/inbox tables now come from libs/events' messaging migration.) */
export class Migration20261122070027 extends Migration {

  override async up(): Promise<void> {
  }

  override async down(): Promise<void> {
  }

}
