import { type Client } from 'pg';

/**
 * Inserts `count` tickets of a property straight into the tickets database, ten thousand per
 * statement, `spacingMinutes` apart (five by default) going back from now: kinds, statuses, departments, severities and
 * breaches in the proportions a desk sees. For reads only (no events, no history rows); prints
 * progress. Each statement's tickets are tallied at once (`pm.ticket_tally`, the tickets
 * migration Migration20261205120000), not row by row.
 */
export async function insertTickets(db: Client, options: { propertyId: string; unitIds: string[]; residentIds: string[]; count: number; tag: string; spacingMinutes?: number; analyze?: boolean }): Promise<void> {
  const { propertyId, unitIds, residentIds, count, tag, spacingMinutes = 5, analyze = true } = options;
  const batch = 10_000;
  for (let start = 1; start <= count; start += batch) {
    const end = Math.min(count, start + batch - 1);
    await db.query('begin');
    await db.query(`select set_config('pm.ticket_tally', 'statement', true)`);
    await db.query(`
      insert into ticket (id, number, property_id, kind, channel, status, title, opened_by, created_at, unit_id, reporter_id, department, severity, breached, sla_breaches, dispatched_at, resolved_at, due_at)
      select gen_random_uuid(), 'GD-' || $7 || '-' || lpad(g::text, 7, '0'), $1,
             k.kind::ticket_kind, 'PHONE', s.status::ticket_status, '压测工单 ' || g, 'bench', now() - g * $8::numeric * interval '1 minute',
             ($2::uuid[])[1 + g % $4], ($3::uuid[])[1 + g % $4],
             case when s.status = 'NEW' then null else (array['ENGINEERING','SECURITY','CLEANING','CUSTOMER_SERVICE'])[1 + g % 4]::department end,
             case when k.kind = 'COMPLAINT' then (array['MINOR','IMPORTANT','MAJOR'])[1 + g % 3]::complaint_severity end,
             g % 10 = 0, case when g % 10 = 0 then array['DISPATCH'] else '{}' end,
             case when s.status = 'NEW' then null else now() - g * $8::numeric * interval '1 minute' + interval '5 minutes' end,
             case when s.status in ('RESOLVED', 'CLOSED') then now() - g * $8::numeric * interval '1 minute' + interval '3 hours' end,
             -- due: dispatch 10 minutes after reception, the fix a day after, the callback a day after the fix; none on hold or closed
             coalesce(now() - g * $8::numeric * interval '1 minute' + case s.status when 'NEW' then interval '10 minutes' when 'RESOLVED' then interval '27 hours'
               when 'DISPATCHED' then interval '1 day' when 'IN_PROGRESS' then interval '1 day' end, '9999-12-31T00:00:00Z')
        from generate_series($5::int, $6::int) g
        cross join lateral (select (array['REPAIR','REPAIR','REPAIR','COMPLAINT','REQUEST','INQUIRY','SUGGESTION'])[1 + g % 7] as kind) k
        cross join lateral (select (array['CLOSED','CLOSED','CLOSED','CLOSED','RESOLVED','IN_PROGRESS','DISPATCHED','NEW','ON_HOLD'])[1 + (g / 7) % 9] as status) s`,
    [propertyId, unitIds, residentIds, Math.min(unitIds.length, residentIds.length), start, end, tag, spacingMinutes]);
    await db.query('commit');
    process.stdout.write(`\r  tickets inserted: ${end.toLocaleString('en')} / ${count.toLocaleString('en')}`);
  }
  process.stdout.write('\n');
  if (analyze) await db.query('analyze ticket');
}
