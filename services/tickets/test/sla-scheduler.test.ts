import { randomUUID } from 'node:crypto';

import { Role } from '@pm/identity';
import { TestClock } from '@pm/calendar';
import { parseEnvironment } from '@pm/runtime';
import { firstError, ok, startTestSubgraph, testIdentity, type TestSubgraph, waitForEvent } from '@pm/testing';

import { startTickets, ticketsEnvironment } from '../src';
import { ticketsSettings } from '../src/settings';
import { SlaScheduler } from '../src/sla/sla.scheduler';
import { BACKFILL_DUE_AT } from '../src/migrations/Migration20261206100000';
import { Ticket } from '../src/ticket/ticket.entity';

describe('SLA breach scheduler', () => {
  /** The service's time: tests move it instead of rewriting rows. */
  const clock = new TestClock();
  let subgraph: TestSubgraph<Awaited<ReturnType<typeof startTickets>>>;
  const propertyId = randomUUID();
  const desk = () => subgraph.as(testIdentity(Role.FRONT_DESK, { propertyIds: [propertyId] }));

  beforeAll(async () => {
    subgraph = await startTestSubgraph('tickets', (s) => parseEnvironment(ticketsEnvironment, s), (env) => startTickets(env, undefined, { clock }), { SLA_SCAN_SECONDS: '0.2' });
  });
  afterAll(() => subgraph?.stop());

  /** An emergency received now and never dispatched. */
  async function emergency(): Promise<string> {
    const { openTicket } = ok(await desk()<{ openTicket: { id: string } }>('mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }', {
      input: { propertyId, kind: 'REPAIR', channel: 'PHONE', title: '突然停电', urgency: 'EMERGENCY' },
    }));
    return openTicket.id;
  }

  const TWO_HOURS = 2 * 3600_000;

  const breachEvents = async (ticketId: string) =>
    subgraph.service.orm.em.fork().getConnection().execute<{ breach: string }[]>(
      "select envelope->'payload'->>'breach' as breach from outbox where subject = 'pm.tickets.ticket.sla_breached' and envelope->>'aggregateId' = ? order by created_at",
      [ticketId],
    );

  it('publishes a missed dispatch and response within seconds, and the ticket shows them', async () => {
    const since = new Date(Date.now() - 1000);
    const id = await emergency();
    // Two hours pass for the service: its own scheduler finds the missed deadlines.
    clock.advance(TWO_HOURS);
    const event = await waitForEvent('pm.tickets.ticket.sla_breached', since, (e) => e.aggregateId === id, 10_000);
    expect(event.payload).toMatchObject({ propertyId, kind: 'REPAIR', breach: expect.stringMatching(/DISPATCH|RESPONSE/) });
    expect((await breachEvents(id)).map((r) => r.breach).sort()).toEqual(['DISPATCH', 'RESPONSE']);
    const { ticket } = ok(await desk()<{ ticket: { sla: { breached: boolean; breaches: string[] } } }>('query($id: ID!) { ticket(id: $id) { sla { breached breaches } } }', { id }));
    expect(ticket.sla).toEqual({ breached: true, breaches: ['DISPATCH', 'RESPONSE'] });
    const { tickets } = ok(await desk()<{ tickets: { edges: { node: { id: string } }[] } }>('query($p: ID!) { tickets(filter: { propertyId: $p, breached: true }) { edges { node { id } } } }', { p: propertyId }));
    expect(tickets.edges.map((e) => e.node.id)).toContain(id);
  });

  it('with several replicas scanning at once, each breach is published exactly once', async () => {
    const id = await emergency();
    // Only the replicas see two hours later: the service's own scheduler (on the service clock) finds
    // nothing due yet, so the replicas race each other alone and a broken lock would show.
    const later = new TestClock(new Date(clock.now().getTime() + TWO_HOURS));
    const replicas = Array.from({ length: 3 }, () => new SlaScheduler(subgraph.service.orm, { clock: later, settings: ticketsSettings(ticketsEnvironment.parse({})) }));
    await Promise.all(replicas.map((r) => r.scanOnce()));
    await Promise.all(replicas.map((r) => r.scanOnce()));
    expect((await breachEvents(id)).map((r) => r.breach).sort()).toEqual(['DISPATCH', 'RESPONSE']);
  });

  it('a ticket on hold is not reported while its clock is paused', async () => {
    const { openTicket } = ok(await desk()<{ openTicket: { id: string } }>('mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }', {
      input: { propertyId, kind: 'REPAIR', channel: 'PHONE', title: '约时间上门' },
    }));
    ok(await desk()('mutation($id: ID!) { dispatchTicket(id: $id, department: ENGINEERING) { id } }', { id: openTicket.id }));
    ok(await desk()('mutation($id: ID!, $u: DateTime!) { holdTicket(id: $id, until: $u) { id } }', { id: openTicket.id, u: new Date(clock.now().getTime() + 86_400_000).toISOString() }));
    const ticket = await subgraph.service.orm.em.fork().findOneOrFail(Ticket, openTicket.id);
    expect(ticket.nextDeadlineAt).toBeNull();
  });

  it("the desk's queue (orderBy: DUE): the overdue first, then the soonest due, on hold last, page by page; a cursor of the other order is refused", async () => {
    const queueOf = randomUUID();
    const clerk = subgraph.as(testIdentity(Role.FRONT_DESK, { propertyIds: [queueOf] }));
    const open = async (title: string, urgency?: string) => (ok(await clerk<{ openTicket: { id: string } }>('mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }', {
      input: { propertyId: queueOf, kind: 'REPAIR', channel: 'PHONE', title, urgency },
    }))).openTicket.id;
    const onHold = await open('约时间上门');
    ok(await clerk('mutation($id: ID!) { dispatchTicket(id: $id, department: ENGINEERING) { id } }', { id: onHold }));
    ok(await clerk('mutation($id: ID!, $u: DateTime!) { holdTicket(id: $id, until: $u) { id } }', { id: onHold, u: new Date(clock.now().getTime() + 86_400_000).toISOString() }));
    const overdue = await open('突然停电', 'EMERGENCY');
    clock.advance(TWO_HOURS);
    await waitForEvent('pm.tickets.ticket.sla_breached', new Date(Date.now() - 60_000), (e) => e.aggregateId === overdue, 10_000);
    // Then an emergency (dispatch due in 10 minutes of the clock) and an ordinary repair (10 working minutes: no sooner).
    const soonest = await open('电梯异响', 'EMERGENCY');
    const later = await open('楼道灯不亮');

    type Page = { tickets: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { cursor: string; node: { id: string; dueAt: string | null; sla: { breached: boolean } } }[] } };
    const page = async (first: number, after?: string, orderBy = 'DUE') => ok(await clerk<Page>(
      'query($p: ID!, $first: Int!, $after: String, $o: TicketOrder!) { tickets(filter: { propertyId: $p }, orderBy: $o, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id dueAt sla { breached } } } } }',
      { p: queueOf, first, after, o: orderBy },
    )).tickets;
    const whole = await page(10);
    expect(whole.edges.map((e) => e.node.id)).toEqual([overdue, soonest, later, onHold]);
    const [first, second, third, last] = whole.edges.map((e) => e.node);
    expect(first.sla.breached).toBe(true);
    expect(new Date(first.dueAt!).getTime()).toBeLessThan(clock.now().getTime());
    expect(new Date(second.dueAt!).getTime()).toBeLessThanOrEqual(new Date(third.dueAt!).getTime());
    expect(new Date(second.dueAt!).getTime()).toBeGreaterThan(clock.now().getTime());
    expect(last.dueAt).toBeNull();

    // Two at a time, the same order without gaps or repeats.
    const one = await page(2);
    const two = await page(2, one.pageInfo.endCursor);
    expect([one.pageInfo.hasNextPage, two.pageInfo.hasNextPage, one.totalCount]).toEqual([true, false, 4]);
    expect([...one.edges, ...two.edges].map((e) => e.node.id)).toEqual([overdue, soonest, later, onHold]);
    // A cursor holds only for the order that gave it.
    const newest = await page(1, undefined, 'NEWEST');
    expect(newest.edges[0].node.id).toBe(later);
    const refusal = (after: string, orderBy: string) => clerk('query($p: ID!, $a: String, $o: TicketOrder!) { tickets(filter: { propertyId: $p }, orderBy: $o, after: $a) { totalCount } }', { p: queueOf, a: after, o: orderBy });
    expect(firstError(await refusal(newest.pageInfo.endCursor, 'DUE'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(firstError(await refusal(one.pageInfo.endCursor, 'NEWEST'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });

    // Dispatched late, the overdue one is still due in the past: its response is owed, and late.
    ok(await clerk('mutation($id: ID!) { dispatchTicket(id: $id, department: ENGINEERING) { id } }', { id: overdue }));
    const ticket = await subgraph.service.orm.em.fork().findOneOrFail(Ticket, overdue);
    expect(ticket.dueAt.getTime()).toBeLessThan(clock.now().getTime());
  });

  it('tickets written before due_at existed get it from what their rows tell (the migration’s backfill)', async () => {
    const queueOf = randomUUID();
    const clerk = subgraph.as(testIdentity(Role.FRONT_DESK, { propertyIds: [queueOf] }));
    const open = async (title: string) => (ok(await clerk<{ openTicket: { id: string } }>('mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }', {
      input: { propertyId: queueOf, kind: 'REPAIR', channel: 'PHONE', title },
    }))).openTicket.id;
    const [pending, missed, held, closed] = [await open('待派单'), await open('已超时'), await open('约时间'), await open('已完结')];
    ok(await clerk('mutation($id: ID!) { dispatchTicket(id: $id, department: ENGINEERING) { id } }', { id: held }));
    ok(await clerk('mutation($id: ID!, $u: DateTime!) { holdTicket(id: $id, until: $u) { id } }', { id: held, u: new Date(clock.now().getTime() + 86_400_000).toISOString() }));
    const db = subgraph.service.orm.em.fork().getConnection();
    // As the rows stood before: no due time; one ticket whose every unmet deadline was reported missed, one closed.
    await db.execute(`update ticket set next_deadline_at = null, breached = true, sla_breaches = '{DISPATCH,RESPONSE,RESOLUTION}' where id = ?`, [missed]);
    await db.execute(`update ticket set status = 'CLOSED', closed_at = now(), next_deadline_at = null where id = ?`, [closed]);
    await db.execute(`update ticket set due_at = '9999-12-31T00:00:00Z' where property_id = ?`, [queueOf]);
    await db.execute(BACKFILL_DUE_AT);

    const rows = await db.execute<{ id: string; next: boolean; received: boolean; none: boolean }[]>(
      `select id, due_at = next_deadline_at as next, due_at = created_at as received, due_at = '9999-12-31T00:00:00Z' as none from ticket where property_id = ?`, [queueOf]);
    const row = (id: string) => rows.find((r) => r.id === id)!;
    expect([row(pending).next, row(missed).received, row(held).none, row(closed).none]).toEqual([true, true, true, true]);
    const { tickets } = ok(await clerk<{ tickets: { edges: { node: { id: string; dueAt: string | null } }[] } }>(
      'query($p: ID!) { tickets(filter: { propertyId: $p, status: [NEW, DISPATCHED, IN_PROGRESS, ON_HOLD, RESOLVED] }, orderBy: DUE) { edges { node { id dueAt } } } }', { p: queueOf }));
    expect(tickets.edges.map((e) => e.node.id)).toEqual([missed, pending, held]);
    expect(tickets.edges.at(-1)!.node.dueAt).toBeNull();
  });
});
