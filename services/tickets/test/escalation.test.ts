import { randomUUID } from 'node:crypto';

import { Role } from '@pm/identity';
import { TestClock } from '@pm/calendar';
import { parseEnvironment } from '@pm/runtime';
import { eventually, ok, startTestSubgraph, testIdentity, type TestSubgraph, waitForEvent } from '@pm/testing';

import { startTickets, ticketsEnvironment } from '../src';

describe('complaint escalation', () => {
  /** The service's time: tests move it instead of rewriting rows. */
  const clock = new TestClock();
  let subgraph: TestSubgraph<Awaited<ReturnType<typeof startTickets>>>;
  const propertyId = randomUUID();
  const desk = () => subgraph.as(testIdentity(Role.FRONT_DESK, { propertyIds: [propertyId] }));
  const complain = (reporterId: string, incidentKey: string) =>
    desk()<{ openTicket: { id: string; severity: string | null } }>('mutation($input: OpenTicketInput!) { openTicket(input: $input) { id severity } }', {
      input: { propertyId, kind: 'COMPLAINT', channel: 'PHONE', title: '夜间施工噪音', unitId: randomUUID(), reporterId, incidentKey },
    }).then(ok);
  const severityOf = async (id: string) => ok(await desk()<{ ticket: { severity: string | null; validity: string | null } }>('query($id: ID!) { ticket(id: $id) { severity validity } }', { id })).ticket;

  beforeAll(async () => {
    subgraph = await startTestSubgraph('tickets', (s) => parseEnvironment(ticketsEnvironment, s), (env) => startTickets(env, undefined, { clock }), { SLA_SCAN_SECONDS: '0.2' });
  });
  afterAll(() => subgraph?.stop());

  it('front desk: a complaint from a 5th resident about the same incident makes all of them MAJOR', async () => {
    const since = new Date(Date.now() - 1000);
    const incident = `noise-${randomUUID()}`;
    const residents = Array.from({ length: 5 }, () => randomUUID());
    const first = await complain(residents[0], incident);
    await complain(residents[0], incident); // the same resident twice counts once
    const others = [];
    for (const resident of residents.slice(1, 4)) others.push(await complain(resident, incident));
    expect(await severityOf(first.openTicket.id)).toEqual({ severity: null, validity: null });
    const fifth = await complain(residents[4], incident);
    expect(fifth.openTicket.severity).toBe('MAJOR');
    for (const ticket of [first, ...others]) expect(await severityOf(ticket.openTicket.id)).toEqual({ severity: 'MAJOR', validity: 'VALID' });
    const event = await waitForEvent('pm.tickets.ticket.escalated', since, (e) => e.aggregateId === first.openTicket.id);
    expect(event.payload).toMatchObject({ reason: 'MANY_COMPLAINANTS', severity: 'MAJOR' });
  });

  it('a VALID complaint still unsolved after 7 days becomes MAJOR (by the scheduler)', async () => {
    const { openTicket } = await complain(randomUUID(), `leak-${randomUUID()}`);
    ok(await subgraph.as(testIdentity(Role.SUPERVISOR, { propertyIds: [propertyId] }))('mutation($id: ID!) { classifyComplaint(id: $id, validity: VALID, severity: MINOR) { id } }', { id: openTicket.id }));
    expect(await severityOf(openTicket.id)).toEqual({ severity: 'MINOR', validity: 'VALID' });
    clock.advance(8 * 86_400_000);
    await eventually(async () => expect(await severityOf(openTicket.id)).toEqual({ severity: 'MAJOR', validity: 'VALID' }));
  });

  it('supervisor: classifying a complaint IMPORTANT reports it at once', async () => {
    const since = new Date(Date.now() - 1000);
    const { openTicket } = await complain(randomUUID(), `lift-${randomUUID()}`);
    ok(await subgraph.as(testIdentity(Role.SUPERVISOR, { propertyIds: [propertyId] }))('mutation($id: ID!) { classifyComplaint(id: $id, validity: VALID, severity: IMPORTANT) { id } }', { id: openTicket.id }));
    const event = await waitForEvent('pm.tickets.ticket.escalated', since, (e) => e.aggregateId === openTicket.id);
    expect(event.payload).toMatchObject({ reason: 'CLASSIFIED', severity: 'IMPORTANT' });
  });
});
