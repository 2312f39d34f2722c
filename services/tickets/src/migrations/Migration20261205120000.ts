import { Migration } from '@mikro-orm/migrations';

/** What a ticket is tallied by: what `tickets(filter:)` filters on besides unit and dates. */
const DIMENSIONS = 'property_id, kind, status, department, severity, breached';
/** The dimensions as columns of a trigger's `old` or `new` row. */
const columnsOf = (row: string) => DIMENSIONS.split(', ').map((column) => `${row}.${column}`).join(', ');
/** Rows a group is spread over, so that concurrent writers of the same kind of ticket do not queue on one row. */
const SLOTS = 16;

/**
 * How many tickets there are of each property, kind, status, department, severity and breach,
 * kept by the database in the same transaction as every change to `ticket`, so that `totalCount`
 * of a list filtered by those alone sums a few rows instead of counting hundreds of thousands of
 * tickets (issue 14: 80–110 ms at 1,000,000).
 *
 * - A written row adds +1 to its group and, updated or deleted, −1 to its old one; an UPDATE that
 *   leaves the six columns alone fires nothing.
 * - Each group is spread over SLOTS rows by the writing connection (pg_backend_pid; a pool's
 *   connections, opened one after another, mostly have consecutive ones), so concurrent openings of
 *   the same kind of ticket do not wait for each other's commit on one hot row (measured with
 *   pgbench, 16 clients: 2,240 inserts/s on one row per group against 4,890 spread, 4,810 without
 *   a tally).
 * - A bulk load sets `pm.ticket_tally` to `statement` (set_config) for its transaction or session:
 *   its INSERTs are then tallied once per statement, grouped, instead of once per row (100,000 rows:
 *   5.6 s against 24 s; 5.2 s untallied). A loader that forgets is slower, never wrong.
 */
export class Migration20261205120000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "ticket_tally" (
      "property_id" uuid not null,
      "kind" ticket_kind not null,
      "status" ticket_status not null,
      "department" department null,
      "severity" complaint_severity null,
      "breached" boolean not null,
      "slot" smallint not null,
      "tickets" bigint not null,
      constraint "ticket_tally_key" unique nulls not distinct (${DIMENSIONS}, "slot")
    );`);
    // A row's change as tally rows (old −1, new +1), upserted by one statement in key order: two
    // transactions moving tickets opposite ways (NEW → DISPATCHED, DISPATCHED → NEW) on one slot take
    // the two rows' locks in the same order, so one waits rather than both deadlocking.
    const values = (row: string, change: string) => `(${columnsOf(row)}, pg_backend_pid() % ${SLOTS}, ${change}::bigint)`;
    const upsert = (...rows: string[]) => `
      insert into "ticket_tally" as t
      select * from (values ${rows.join(', ')}) as change (${DIMENSIONS}, slot, tickets) order by ${DIMENSIONS}
      on conflict on constraint "ticket_tally_key" do update set "tickets" = t."tickets" + excluded."tickets";`;
    this.addSql(`create function "ticket_tally_row"() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then ${upsert(values('new', '1'))}
        elsif tg_op = 'UPDATE' then ${upsert(values('old', '-1'), values('new', '1'))}
        else ${upsert(values('old', '-1'))}
        end if;
        return null;
      end $$;`);
    this.addSql(`create function "ticket_tally_statement"() returns trigger language plpgsql as $$
      begin
        insert into "ticket_tally" as t
        select ${DIMENSIONS}, pg_backend_pid() % ${SLOTS}, count(*) from inserted group by ${DIMENSIONS} order by ${DIMENSIONS}
        on conflict on constraint "ticket_tally_key" do update set "tickets" = t."tickets" + excluded."tickets";
        return null;
      end $$;`);
    this.addSql(`create function "ticket_tally_truncated"() returns trigger language plpgsql as $$ begin truncate "ticket_tally"; return null; end $$;`);
    const changed = `row(${columnsOf('old')}) is distinct from row(${columnsOf('new')})`;
    const bulk = `current_setting('pm.ticket_tally', true) = 'statement'`;
    this.addSql(`create trigger "ticket_tally_insert" after insert on "ticket" for each row when (not coalesce(${bulk}, false)) execute function "ticket_tally_row"();`);
    this.addSql(`create trigger "ticket_tally_bulk_insert" after insert on "ticket" referencing new table as inserted for each statement when (coalesce(${bulk}, false)) execute function "ticket_tally_statement"();`);
    this.addSql(`create trigger "ticket_tally_update" after update of ${DIMENSIONS} on "ticket" for each row when (${changed}) execute function "ticket_tally_row"();`);
    this.addSql(`create trigger "ticket_tally_delete" after delete on "ticket" for each row execute function "ticket_tally_row"();`);
    this.addSql(`create trigger "ticket_tally_truncate" after truncate on "ticket" for each statement execute function "ticket_tally_truncated"();`);
    this.addSql(`insert into "ticket_tally" select ${DIMENSIONS}, 0, count(*) from "ticket" group by ${DIMENSIONS};`);
  }

  override async down(): Promise<void> {
    for (const trigger of ['insert', 'bulk_insert', 'update', 'delete', 'truncate']) this.addSql(`drop trigger "ticket_tally_${trigger}" on "ticket";`);
    for (const fn of ['row', 'statement', 'truncated']) this.addSql(`drop function "ticket_tally_${fn}"();`);
    this.addSql(`drop table "ticket_tally";`);
  }

}
