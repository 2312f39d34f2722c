import { Migration } from '@mikro-orm/migrations';

/**
 * Tickets written before `due_at` existed get the best the stored columns tell: none while on hold
 * or finished; the reception time for one whose every unmet deadline was already reported missed
 * (overdue: first in the queue, the oldest first); else the next deadline the scheduler waits for
 * (a ticket that also has a missed one still owed sorts by that later deadline until its next change,
 * which computes its own).
 */
export const BACKFILL_DUE_AT = `update "ticket" set "due_at" = case
    when "status" in ('ON_HOLD', 'CLOSED', 'REJECTED') then timestamptz '9999-12-31T00:00:00Z'
    when "next_deadline_at" is null and "breached" then "created_at"
    else coalesce("next_deadline_at", timestamptz '9999-12-31T00:00:00Z')
  end
  where "status" not in ('CLOSED', 'REJECTED');`;

/**
 * `ticket.due_at`: when a ticket is due (its earliest deadline not met, missed ones included), kept
 * with every change to the ticket, for the desk's queue `tickets(orderBy: DUE)`, indexed by property.
 */
export class Migration20261206100000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "ticket" add column "due_at" timestamptz not null default '9999-12-31T00:00:00Z';`);
    this.addSql(BACKFILL_DUE_AT);
    this.addSql(`create index "ticket_property_id_due_at_id_index" on "ticket" ("property_id", "due_at", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "ticket_property_id_due_at_id_index";`);
    this.addSql(`alter table "ticket" drop column "due_at";`);
  }

}
