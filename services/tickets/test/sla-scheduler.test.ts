import { randomUUID } from 'node:crypto';

import { Role } from '@pm/identity';
import { createLogger, parseEnvironment } from '@pm/runtime';
import { ok, startTestSubgraph, testIdentity, type TestSubgraph, waitForEvent } from '@pm/testing';

import { startTickets, ticketsEnvironment } from '../src';
import { refreshNextDeadline } from '../src/sla/sla.deadlines';
import { SlaScheduler } from '../src/sla/sla.scheduler';
import { Ticket } from '../src/ticket/ticket.entity';

describe('SLA breach scheduler', () => {
  let subgraph: TestSubgraph<Awaited<ReturnType<typeof startTickets>>>;
  const propertyId = randomUUID();
  const desk = () => subgraph.as(testIdentity(Role.FRONT_DESK, { propertyIds: [propertyId] }));

  beforeAll(async () => {
    subgraph = await startTestSubgraph('tickets', (s) => parseEnvironment(ticketsEnvironment, s), startTickets, { SLA_SCAN_SECONDS: '0.2' });
  });
  afterAll(() => subgraph?.stop());

  /** An emergency received two hours ago and never dispatched (the clock moved back, not the test forward). */
  async function overdueEmergency(): Promise<string> {
    const { openTicket } = ok(await desk()<{ openTicket: { id: string } }>('mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }', {
      input: { propertyId, kind: 'REPAIR', channel: 'PHONE', title: '突然停电', urgency: 'EMERGENCY' },
    }));
    const em = subgraph.service.orm.em.fork();
    const ticket = await em.findOneOrFail(Ticket, openTicket.id);
    ticket.createdAt = new Date(Date.now() - 2 * 3600_000);
    refreshNextDeadline(ticket);
    await em.flush();
    return openTicket.id;
  }

  const breachEvents = async (ticketId: string) =>
    subgraph.service.orm.em.fork().getConnection().execute<{ breach: string }[]>(
      "select envelope->'payload'->>'breach' as breach from outbox where subject = 'pm.tickets.ticket.sla_breached' and envelope->>'aggregateId' = ? order by created_at",
      [ticketId],
    );

  it('publishes a missed dispatch and response within seconds, and the ticket shows them', async () => {
    const since = new Date(Date.now() - 1000);
    const id = await overdueEmergency();
    const event = await waitForEvent('pm.tickets.ticket.sla_breached', since, (e) => e.aggregateId === id, 10_000);
    expect(event.payload).toMatchObject({ propertyId, kind: 'REPAIR', breach: expect.stringMatching(/DISPATCH|RESPONSE/) });
    expect((await breachEvents(id)).map((r) => r.breach).sort()).toEqual(['DISPATCH', 'RESPONSE']);
    const { ticket } = ok(await desk()<{ ticket: { sla: { breached: boolean; breaches: string[] } } }>('query($id: ID!) { ticket(id: $id) { sla { breached breaches } } }', { id }));
    expect(ticket.sla).toEqual({ breached: true, breaches: ['DISPATCH', 'RESPONSE'] });
    const { tickets } = ok(await desk()<{ tickets: { edges: { node: { id: string } }[] } }>('query($p: ID!) { tickets(filter: { propertyId: $p, breached: true }) { edges { node { id } } } }', { p: propertyId }));
    expect(tickets.edges.map((e) => e.node.id)).toContain(id);
  });

  it('with several replicas scanning at once, each breach is published exactly once', async () => {
    const id = await overdueEmergency();
    const replicas = Array.from({ length: 3 }, () => new SlaScheduler(subgraph.service.orm, createLogger('replica', 'silent')));
    await Promise.all(replicas.map((r) => r.scanOnce()));
    await Promise.all(replicas.map((r) => r.scanOnce()));
    expect((await breachEvents(id)).map((r) => r.breach).sort()).toEqual(['DISPATCH', 'RESPONSE']);
  });

  it('a ticket on hold is not reported while its clock is paused', async () => {
    const { openTicket } = ok(await desk()<{ openTicket: { id: string } }>('mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }', {
      input: { propertyId, kind: 'REPAIR', channel: 'PHONE', title: '约时间上门' },
    }));
    ok(await desk()('mutation($id: ID!) { dispatchTicket(id: $id, department: ENGINEERING) { id } }', { id: openTicket.id }));
    ok(await desk()('mutation($id: ID!, $u: DateTime!) { holdTicket(id: $id, until: $u) { id } }', { id: openTicket.id, u: new Date(Date.now() + 86_400_000).toISOString() }));
    const ticket = await subgraph.service.orm.em.fork().findOneOrFail(Ticket, openTicket.id);
    expect(ticket.nextDeadlineAt).toBeNull();
  });
});
