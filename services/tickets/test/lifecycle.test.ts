import { randomUUID } from 'node:crypto';

import { Role } from '@pm/identity';
import { TestClock } from '@pm/calendar';
import { parseEnvironment } from '@pm/runtime';
import { firstError, ok, startTestSubgraph, testIdentity, type TestSubgraph, waitForEvent } from '@pm/testing';

import { startTickets, ticketsEnvironment } from '../src';

const FIELDS = 'id number status department assignee dispatchedAt resolvedAt closedAt feeFen validity severity callback { resolved satisfaction comment by } history { from to by note }';

describe('ticket lifecycle', () => {
  /** The service's time: tests move it instead of rewriting rows. */
  const clock = new TestClock();
  let subgraph: TestSubgraph<Awaited<ReturnType<typeof startTickets>>>;
  const propertyId = randomUUID();
  const as = (role: Role, name = `${role}`) => subgraph.as(testIdentity(role, { name, propertyIds: [propertyId] }));
  type T = { id: string; status: string; history: { from: string | null; to: string; by: string; note: string | null }[]; [key: string]: unknown };
  const call = async (role: Role, mutation: string, variables: Record<string, unknown>) =>
    Object.values(ok(await as(role)<Record<string, T>>(mutation, variables)))[0];

  async function createTestTicket(kind = 'REPAIR') {
    return call(Role.FRONT_DESK, `mutation($input: OpenTicketInput!) { openTicket(input: $input) { ${FIELDS} } }`, {
      input: { propertyId, kind, channel: 'PHONE', title: `${kind} 测试`, unitId: randomUUID(), reporterId: randomUUID() },
    });
  }
  const dispatch = (id: string, department = 'ENGINEERING') => call(Role.FRONT_DESK, `mutation($id: ID!, $d: Department!) { dispatchTicket(id: $id, department: $d, assignee: "赵师傅") { ${FIELDS} } }`, { id, d: department });
  const start = (id: string, role = Role.ENGINEER) => call(role, `mutation($id: ID!) { startTicket(id: $id) { ${FIELDS} } }`, { id });
  const resolve = (id: string, feeFen?: number, role = Role.ENGINEER) => call(role, `mutation($id: ID!, $fee: Int) { resolveTicket(id: $id, note: "已更换水龙头", feeFen: $fee) { ${FIELDS} } }`, { id, fee: feeFen });
  const callback = (id: string, satisfaction: string, resolved = true) => call(Role.FRONT_DESK, `mutation($id: ID!, $input: CallbackInput!) { recordCallback(id: $id, input: $input) { ${FIELDS} } }`, { id, input: { resolved, satisfaction, comment: '师傅很专业' } });

  beforeAll(async () => {
    subgraph = await startTestSubgraph('tickets', (s) => parseEnvironment(ticketsEnvironment, s), (env) => startTickets(env, undefined, { clock }));
  });
  afterAll(() => subgraph?.stop());

  it('a paid repair: dispatched, worked by engineering, resolved with its fee, closed by a satisfied callback; every step in history and on the stream', async () => {
    const since = new Date(Date.now() - 1000);
    const ticket = await createTestTicket();
    await dispatch(ticket.id);
    await start(ticket.id);
    const resolved = await resolve(ticket.id, 5000);
    expect(resolved).toMatchObject({ status: 'RESOLVED', feeFen: 5000, department: 'ENGINEERING', assignee: '赵师傅' });
    const closed = await callback(ticket.id, 'SATISFIED');
    expect(closed).toMatchObject({ status: 'CLOSED', callback: { resolved: true, satisfaction: 'SATISFIED', comment: '师傅很专业', by: 'FRONT_DESK' } });
    expect(closed.closedAt).toBeTruthy();
    expect(closed.history.map((h) => [h.from, h.to, h.by])).toEqual([
      [null, 'NEW', 'FRONT_DESK'], ['NEW', 'DISPATCHED', 'FRONT_DESK'], ['DISPATCHED', 'IN_PROGRESS', 'ENGINEER'],
      ['IN_PROGRESS', 'RESOLVED', 'ENGINEER'], ['RESOLVED', 'CLOSED', 'FRONT_DESK'],
    ]);
    const statusChange = await waitForEvent('pm.tickets.ticket.status_changed', since, (e) => e.aggregateId === ticket.id && (e.payload as { status: string }).status === 'CLOSED');
    expect(statusChange.payload).toMatchObject({ from: 'RESOLVED', propertyId, kind: 'REPAIR', department: 'ENGINEERING' });
    await waitForEvent('pm.tickets.ticket.callback_recorded', since, (e) => e.aggregateId === ticket.id);
  });

  it('a DISSATISFIED callback reopens the ticket and says so in its history', async () => {
    const ticket = await createTestTicket();
    await dispatch(ticket.id);
    await resolve(ticket.id);
    const reopened = await callback(ticket.id, 'DISSATISFIED');
    expect(reopened).toMatchObject({ status: 'IN_PROGRESS', resolvedAt: null, callback: { satisfaction: 'DISSATISFIED' } });
    expect(reopened.history.at(-1)).toMatchObject({ from: 'RESOLVED', to: 'IN_PROGRESS', note: expect.stringMatching(/DISSATISFIED, reopened/) });
  });

  it('a callback after the callback window is recorded and marked late; one inside it is not', async () => {
    const LATE = 'mutation($id: ID!) { recordCallback(id: $id, input: { resolved: true, satisfaction: SATISFIED }) { status callback { late } callbacks { late } } }';
    const onTime = await createTestTicket();
    await dispatch(onTime.id);
    await resolve(onTime.id);
    expect(ok(await as(Role.FRONT_DESK)<{ recordCallback: unknown }>(LATE, { id: onTime.id })).recordCallback).toEqual({ status: 'CLOSED', callback: { late: false }, callbacks: [{ late: false }] });
    const late = await createTestTicket();
    await dispatch(late.id);
    await resolve(late.id);
    // A week later the 1-working-day window has passed.
    clock.advance(7 * 86_400_000);
    expect(ok(await as(Role.FRONT_DESK)<{ recordCallback: unknown }>(LATE, { id: late.id })).recordCallback).toEqual({ status: 'CLOSED', callback: { late: true }, callbacks: [{ late: true }] });
  });

  it('forbidden transitions are CONFLICT INVALID_TRANSITION; forbidden roles are FORBIDDEN', async () => {
    const ticket = await createTestTicket();
    expect(firstError(await as(Role.FRONT_DESK)('mutation($id: ID!) { startTicket(id: $id) { id } }', { id: ticket.id }))).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_TRANSITION' });
    await dispatch(ticket.id, 'CLEANING');
    expect(firstError(await as(Role.ENGINEER)('mutation($id: ID!) { startTicket(id: $id) { id } }', { id: ticket.id }))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/ENGINEERING only/) });
    expect(firstError(await as(Role.FRONT_DESK)('mutation($id: ID!) { rejectTicket(id: $id, note: "x") { id } }', { id: ticket.id })).code).toBe('FORBIDDEN');
    expect(firstError(await as(Role.FRONT_DESK)('mutation($id: ID!) { recordCallback(id: $id, input: { resolved: true, satisfaction: SATISFIED }) { id } }', { id: ticket.id }))).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_TRANSITION' });
    expect(firstError(await as(Role.FRONT_DESK)('mutation($id: ID!) { resolveTicket(id: $id, note: "修好了", feeFen: -1) { id } }', { id: ticket.id }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'feeFen' });
  });

  it('holding waits for an appointment in the future; starting again clears it', async () => {
    const ticket = await createTestTicket();
    await dispatch(ticket.id);
    expect(firstError(await as(Role.ENGINEER)('mutation($id: ID!) { holdTicket(id: $id, until: "2020-01-01T00:00:00Z") { id } }', { id: ticket.id }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'until' });
    const until = new Date(clock.now().getTime() + 86_400_000).toISOString();
    const held = ok(await as(Role.ENGINEER)<{ holdTicket: { status: string; holdUntil: string } }>('mutation($id: ID!, $u: DateTime!) { holdTicket(id: $id, until: $u, note: "业主约明天上午") { status holdUntil } }', { id: ticket.id, u: until }));
    expect(held.holdTicket).toEqual({ status: 'ON_HOLD', holdUntil: until });
    expect(await start(ticket.id)).toMatchObject({ status: 'IN_PROGRESS' });
  });

  it('supervisor: classifies a complaint VALID with a severity, or INVALID and then rejects it; the front desk may not classify', async () => {
    const complaint = await createTestTicket('COMPLAINT');
    const classify = (role: Role, id: string, validity: string, severity?: string) =>
      as(role)('mutation($id: ID!, $v: ComplaintValidity!, $s: ComplaintSeverity) { classifyComplaint(id: $id, validity: $v, severity: $s) { validity severity status } }', { id, v: validity, s: severity });
    expect(firstError(await classify(Role.FRONT_DESK, complaint.id, 'VALID', 'MINOR')).code).toBe('FORBIDDEN');
    expect(firstError(await classify(Role.SUPERVISOR, complaint.id, 'VALID'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'severity' });
    expect(ok(await classify(Role.SUPERVISOR, complaint.id, 'VALID', 'IMPORTANT'))).toEqual({ classifyComplaint: { validity: 'VALID', severity: 'IMPORTANT', status: 'NEW' } });

    const invalid = await createTestTicket('COMPLAINT');
    const reject = (id: string) => as(Role.SUPERVISOR)('mutation($id: ID!) { rejectTicket(id: $id, note: "经核实非物业责任，已向业主解释") { status } }', { id });
    expect(firstError(await reject(invalid.id)).code).toBe('FORBIDDEN');
    ok(await classify(Role.SUPERVISOR, invalid.id, 'INVALID'));
    expect(ok(await reject(invalid.id))).toEqual({ rejectTicket: { status: 'REJECTED' } });
    const repair = await createTestTicket('REPAIR');
    expect(firstError(await classify(Role.SUPERVISOR, repair.id, 'VALID', 'MINOR'))).toMatchObject({ code: 'CONFLICT', reason: 'NOT_A_COMPLAINT' });
  });

  it('staff of another property cannot see or move the ticket', async () => {
    const ticket = await createTestTicket();
    const stranger = subgraph.as(testIdentity(Role.PROJECT_MANAGER, { propertyIds: [randomUUID()] }));
    expect(firstError(await stranger('mutation($id: ID!) { dispatchTicket(id: $id, department: CLEANING) { id } }', { id: ticket.id })).code).toBe('NOT_FOUND');
  });
});

describe('ticket SLA through GraphQL', () => {
  let subgraph: TestSubgraph<Awaited<ReturnType<typeof startTickets>>>;
  const propertyId = randomUUID();

  beforeAll(async () => {
    subgraph = await startTestSubgraph('tickets', (s) => parseEnvironment(ticketsEnvironment, s), startTickets, { SLA_DISPATCH_MINUTES: '1' });
  });
  afterAll(() => subgraph?.stop());

  it('an emergency shows its wall-clock deadlines from settings; a hold records the pause', async () => {
    const desk = subgraph.as(testIdentity(Role.FRONT_DESK, { propertyIds: [propertyId] }));
    const { openTicket } = ok(await desk<{ openTicket: { id: string; createdAt: string; sla: { dispatchBy: string; respondBy: string; resolveBy: string; breached: boolean; breaches: string[] } } }>(
      'mutation($input: OpenTicketInput!) { openTicket(input: $input) { id createdAt sla { dispatchBy respondBy resolveBy callbackBy breached breaches } } }',
      { input: { propertyId, kind: 'REPAIR', channel: 'PHONE', title: '水管爆裂', urgency: 'EMERGENCY' } },
    ));
    const created = Date.parse(openTicket.createdAt);
    expect(Date.parse(openTicket.sla.dispatchBy) - created).toBe(60_000);
    expect(Date.parse(openTicket.sla.respondBy) - created).toBe(15 * 60_000);
    expect(Date.parse(openTicket.sla.resolveBy) - created).toBe(24 * 3600_000);
    expect(openTicket.sla).toMatchObject({ breached: false, breaches: [] });
  });
});
