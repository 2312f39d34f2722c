import { Migration } from '@mikro-orm/migrations';

/**
 * `ticket.due_at`: when a ticket is due (its earliest deadline not met, missed ones included), kept
 * with every change to the ticket, for the desk's queue `tickets(orderBy: DUE)`, indexed by property.
 * Tickets written before it start at their next deadline the scheduler waits for; one already overdue
 * (whose missed deadline is no longer stored) takes its own at its next change.
 */
export class Migration20261206100000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "ticket" add column "due_at" timestamptz not null default '9999-12-31T00:00:00Z';`);
    this.addSql(`update "ticket" set "due_at" = "next_deadline_at" where "next_deadline_at" is not null;`);
    this.addSql(`create index "ticket_property_id_due_at_id_index" on "ticket" ("property_id", "due_at", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "ticket_property_id_due_at_id_index";`);
    this.addSql(`alter table "ticket" drop column "due_at";`);
  }

}
