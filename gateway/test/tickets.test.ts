import { TestClock } from '@pm/calendar';
import { issueToken, Role } from '@pm/identity';
import { eventually, firstError, ok, waitForEvent } from '@pm/testing';

import { createTestProperty, createTestResident } from './factories';
import { startTestGraph, TEST_JWT_SECRET, type TestGraph } from './graph';

/** The front-desk ticket workflow end to end through the gateway: subgraphs, NATS and reports. */
describe('tickets through the gateway', () => {
  let graph: TestGraph;
  let propertyId: string;
  let units: { id: string; code: string }[];
  let owner: { id: string };
  const desk = () => graph.as(Role.FRONT_DESK);
  const supervisor = () => graph.as(Role.SUPERVISOR);
  const engineer = () => graph.as(Role.ENGINEER);
  const started = new Date(Date.now() - 1000);
  /**
   * The services' time for this suite: Monday 16 November 2026, 10:00 in China, standing still until
   * a test moves it (deadlines, escalations and report periods are then exact, whenever the suite runs).
   */
  const clock = new TestClock('2026-11-16T02:00:00Z');
  const firstDay = '2026-11-16';

  const TICKET = 'id number kind status feeFen quotedFeeFen serviceCode serviceName materials callback { satisfaction resolved late } history { from to by note } sla { resolveBy callbackBy breached breaches }';
  type TicketView = {
    id: string; number: string; kind: string; status: string; feeFen: number | null; quotedFeeFen: number | null; serviceCode: string | null; serviceName: string | null; materials: string | null;
    callback: { satisfaction: string; resolved: boolean; late: boolean } | null;
    history: { from: string | null; to: string; by: string; note: string | null }[];
    sla: { resolveBy: string | null; callbackBy: string | null; breached: boolean; breaches: string[] };
  };

  async function open(input: Record<string, unknown>, as = desk()): Promise<TicketView> {
    return ok(await as<{ openTicket: TicketView }>(`mutation($input: OpenTicketInput!) { openTicket(input: $input) { ${TICKET} } }`, {
      input: { propertyId, channel: 'PHONE', unitId: units[0].id, ...input },
    })).openTicket;
  }
  const mutate = async (as: ReturnType<TestGraph['as']>, mutation: string, variables: Record<string, unknown>) =>
    Object.values(ok(await as<Record<string, TicketView>>(`mutation($id: ID!${mutation.includes('$until') ? ', $until: DateTime!' : ''}) { result: ${mutation} { ${TICKET} } }`, variables)))[0];

  const reportUrl = (path: string) => graph.url.replace(/\/graphql$/, path);
  const tokenFor = (role: Role, claims: Record<string, unknown> = {}) => issueToken({ sub: `csv-${role}`, name: `CSV ${role}`, roles: [role], propertyIds: ['*'], ...claims }, TEST_JWT_SECRET);

  beforeAll(async () => {
    graph = await startTestGraph({}, { clock });
    ({ propertyId, units } = await createTestProperty(graph, 8));
    owner = await createTestResident(graph, units[0].id, '业主甲');
  }, 60_000);
  afterAll(() => graph?.stop());

  it('REPAIR: a catalogue service quoted, dispatched, worked by engineering, held for the appointment (clock paused), resolved at the quoted fee, called back and closed', async () => {
    const { serviceCatalogue } = ok(await desk()<{ serviceCatalogue: { code: string; name: string; priceFen: number; category: string }[] }>(
      'query($p: ID!) { serviceCatalogue(propertyId: $p) { code name priceFen category } }', { p: propertyId },
    ));
    expect(serviceCatalogue).toHaveLength(56);
    expect(serviceCatalogue.find((item) => item.code === 'S40')).toEqual({ code: 'S40', name: '维修马桶堵塞', priceFen: 5000, category: 'REPAIR' });

    const ticket = await open({ kind: 'REPAIR', title: '马桶堵塞', serviceCode: 'S40', reporterId: owner.id });
    expect(ticket).toMatchObject({ status: 'NEW', quotedFeeFen: 5000, serviceCode: 'S40', serviceName: '维修马桶堵塞' });

    await mutate(desk(), 'dispatchTicket(id: $id, department: ENGINEERING, assignee: "李师傅")', { id: ticket.id });
    const working = await mutate(engineer(), 'startTicket(id: $id)', { id: ticket.id });
    const held = await mutate(engineer(), 'holdTicket(id: $id, until: $until, note: "业主明早在家")', { id: ticket.id, until: new Date(clock.now().getTime() + 86_400_000).toISOString() });
    expect(held.status).toBe('ON_HOLD');
    clock.advance(3600_000);
    const resumed = await mutate(engineer(), 'startTicket(id: $id)', { id: ticket.id });
    // The hold paused the clock: the resolution deadline moved back by (at least) the time on hold.
    expect(Date.parse(resumed.sla.resolveBy!) - Date.parse(working.sla.resolveBy!)).toBeGreaterThanOrEqual(3600_000);

    const resolved = await mutate(engineer(), 'resolveTicket(id: $id, note: "疏通完毕", materials: "皮搋子")', { id: ticket.id });
    expect(resolved).toMatchObject({ status: 'RESOLVED', feeFen: 5000, materials: '皮搋子' });
    expect(resolved.sla.callbackBy).not.toBeNull();

    const closed = ok(await desk()<{ recordCallback: TicketView }>(`mutation($id: ID!) { recordCallback(id: $id, input: { resolved: true, satisfaction: SATISFIED }) { ${TICKET} } }`, { id: ticket.id })).recordCallback;
    expect(closed.status).toBe('CLOSED');
    expect(closed.callback).toEqual({ satisfaction: 'SATISFIED', resolved: true, late: false });
    expect(closed.history.map((h) => h.to)).toEqual(['NEW', 'DISPATCHED', 'IN_PROGRESS', 'ON_HOLD', 'IN_PROGRESS', 'RESOLVED', 'CLOSED']);
    expect(closed.history[3]).toMatchObject({ from: 'IN_PROGRESS', by: `Test ${Role.ENGINEER}`, note: '业主明早在家' });
  });

  it('the catalogue is edited per property: a new price is quoted from then on, earlier quotes keep theirs', async () => {
    const { setServiceItem } = ok(await supervisor()<{ setServiceItem: { code: string; priceFen: number; propertyId: string } }>(
      'mutation($input: ServiceItemInput!) { setServiceItem(input: $input) { code priceFen propertyId } }', { input: { propertyId, code: 'S42', priceFen: 2500 } },
    ));
    expect(setServiceItem).toEqual({ code: 'S42', priceFen: 2500, propertyId });
    expect((await open({ kind: 'REPAIR', title: '水龙头漏水', serviceCode: 'S42' })).quotedFeeFen).toBe(2500);
    expect(firstError(await desk()('mutation($input: ServiceItemInput!) { setServiceItem(input: $input) { code } }', { input: { propertyId, code: 'S42', priceFen: 1 } }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(firstError(await desk()('mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }', {
      input: { propertyId, kind: 'REPAIR', channel: 'PHONE', title: 'x', serviceCode: 'S99' },
    }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'serviceCode' });
  });

  it('COMPLAINT: classified by a supervisor, solved; a DISSATISFIED callback reopens it (history says so), the next one closes it', async () => {
    const complaint = await open({ kind: 'COMPLAINT', title: '楼道噪音', reporterId: owner.id });
    expect(firstError(await desk()('mutation($id: ID!) { classifyComplaint(id: $id, validity: VALID, severity: MINOR) { id } }', { id: complaint.id }))).toMatchObject({ code: 'FORBIDDEN' });
    ok(await supervisor()('mutation($id: ID!) { classifyComplaint(id: $id, validity: VALID, severity: MINOR) { id } }', { id: complaint.id }));
    await mutate(desk(), 'dispatchTicket(id: $id, department: SECURITY)', { id: complaint.id });
    await mutate(graph.as(Role.SECURITY), 'startTicket(id: $id)', { id: complaint.id });
    await mutate(graph.as(Role.SECURITY), 'resolveTicket(id: $id, note: "已劝导")', { id: complaint.id });
    const reopened = ok(await desk()<{ recordCallback: TicketView }>(`mutation($id: ID!) { recordCallback(id: $id, input: { resolved: false, satisfaction: DISSATISFIED, comment: "晚上仍然吵" }) { ${TICKET} } }`, { id: complaint.id })).recordCallback;
    expect(reopened.status).toBe('IN_PROGRESS');
    expect(reopened.history.at(-1)).toMatchObject({ from: 'RESOLVED', to: 'IN_PROGRESS', note: expect.stringContaining('reopened') });
    await mutate(graph.as(Role.SECURITY), 'resolveTicket(id: $id, note: "已与邻居协商")', { id: complaint.id });
    const closed = ok(await desk()<{ recordCallback: TicketView }>(`mutation($id: ID!) { recordCallback(id: $id, input: { resolved: true, satisfaction: FAIRLY_SATISFIED }) { ${TICKET} } }`, { id: complaint.id })).recordCallback;
    expect(closed).toMatchObject({ status: 'CLOSED', callback: { satisfaction: 'FAIRLY_SATISFIED' } });
  });

  it.each(['REQUEST', 'SUGGESTION', 'INQUIRY', 'PATROL_FINDING', 'RECTIFICATION'])('%s runs its whole lifecycle', async (kind) => {
    const ticket = await open({ kind, title: `${kind} 测试`, channel: kind === 'PATROL_FINDING' ? 'PATROL' : 'PHONE' });
    await mutate(desk(), 'dispatchTicket(id: $id, department: CUSTOMER_SERVICE)', { id: ticket.id });
    await mutate(desk(), 'startTicket(id: $id)', { id: ticket.id });
    const resolved = await mutate(desk(), 'resolveTicket(id: $id, note: "已答复")', { id: ticket.id });
    if (kind === 'REQUEST' || kind === 'SUGGESTION') {
      expect(resolved.status).toBe('RESOLVED');
      const closed = await mutate(desk(), 'recordCallback(id: $id, input: { resolved: true, satisfaction: SATISFIED })', { id: ticket.id });
      expect(closed.status).toBe('CLOSED');
    } else {
      // No callback for these: resolving finishes them.
      expect(resolved.status).toBe('CLOSED');
      expect(resolved.sla.callbackBy).toBeNull();
    }
  });

  it('refuses forbidden transitions and roles with clear errors', async () => {
    const repair = await open({ kind: 'REPAIR', title: '门禁坏了' });
    expect(firstError(await engineer()('mutation($id: ID!) { startTicket(id: $id) { id } }', { id: repair.id }))).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_TRANSITION' });
    expect(firstError(await graph.as(Role.CASHIER)('mutation($id: ID!) { dispatchTicket(id: $id, department: ENGINEERING) { id } }', { id: repair.id }))).toMatchObject({ code: 'FORBIDDEN' });
    await mutate(desk(), 'dispatchTicket(id: $id, department: SECURITY)', { id: repair.id });
    expect(firstError(await engineer()('mutation($id: ID!) { startTicket(id: $id) { id } }', { id: repair.id }))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/ENGINEERING only/) });
    expect(firstError(await desk()('mutation($id: ID!) { recordCallback(id: $id, input: { resolved: true, satisfaction: SATISFIED }) { id } }', { id: repair.id }))).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_TRANSITION' });
    const complaint = await open({ kind: 'COMPLAINT', title: '无效投诉' });
    expect(firstError(await supervisor()('mutation($id: ID!) { rejectTicket(id: $id, note: "x") { id } }', { id: complaint.id }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(firstError(await desk()('mutation($id: ID!) { resolveTicket(id: $id, note: "  ") { id } }', { id: complaint.id }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
  });

  it('a resident files tickets for their own unit over the app and sees only their own tickets', async () => {
    const resident = graph.as(Role.RESIDENT, { sub: `resident-${owner.id}`, residentId: owner.id, unitIds: [units[0].id], propertyIds: [propertyId] });
    const mine = ok(await resident<{ openTicket: { id: string; channel: string } }>('mutation($input: OpenTicketInput!) { openTicket(input: $input) { id channel } }', {
      input: { propertyId, kind: 'REPAIR', channel: 'APP', unitId: units[0].id, title: '灯不亮' },
    })).openTicket;
    expect(firstError(await resident('mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }', {
      input: { propertyId, kind: 'REPAIR', channel: 'APP', unitId: units[1].id, title: '别人家' },
    }))).toMatchObject({ code: 'FORBIDDEN' });
    const other = await open({ kind: 'REPAIR', title: '邻居的报修', unitId: units[1].id });
    const { tickets } = ok(await resident<{ tickets: { edges: { node: { id: string } }[] } }>('{ tickets(first: 100) { edges { node { id } } } }'));
    expect(tickets.edges.map((e) => e.node.id)).toContain(mine.id);
    expect(tickets.edges.map((e) => e.node.id)).not.toContain(other.id);
    expect(ok(await resident<{ ticket: unknown }>('query($id: ID!) { ticket(id: $id) { id } }', { id: other.id })).ticket).toBeNull();
  });

  it('five residents complaining about one incident make every one of those complaints MAJOR, announced to the supervisor', async () => {
    const since = new Date(Date.now() - 1000);
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const neighbour = await createTestResident(graph, units[i + 2].id, `邻居${i}`);
      const resident = graph.as(Role.RESIDENT, { sub: `resident-${neighbour.id}`, residentId: neighbour.id, unitIds: [units[i + 2].id], propertyIds: [propertyId] });
      ids.push(ok(await resident<{ openTicket: { id: string } }>('mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }', {
        input: { propertyId, kind: 'COMPLAINT', channel: 'APP', unitId: units[i + 2].id, title: '电梯异响', incidentKey: 'lift-2-noise' },
      })).openTicket.id);
    }
    const { tickets } = ok(await supervisor()<{ tickets: { edges: { node: { id: string; severity: string } }[] } }>(
      'query($p: ID!) { tickets(filter: { propertyId: $p, severity: MAJOR }, first: 50) { edges { node { id severity } } } }', { p: propertyId },
    ));
    expect(tickets.edges.map((e) => e.node.id).sort()).toEqual([...ids].sort());
    await waitForEvent('pm.tickets.ticket.escalated', since, (e) => ids.includes(e.aggregateId) && (e.payload as { reason: string }).reason === 'MANY_COMPLAINANTS');
  });

  it('a valid complaint unsolved for 7 days becomes MAJOR, and a missed deadline is published by the scheduler', async () => {
    const since = new Date(Date.now() - 1000);
    const complaint = await open({ kind: 'COMPLAINT', title: '绿化带积水' });
    ok(await supervisor()('mutation($id: ID!) { classifyComplaint(id: $id, validity: VALID, severity: MINOR) { id } }', { id: complaint.id }));
    const emergency = await open({ kind: 'REPAIR', title: '水管爆裂', urgency: 'EMERGENCY' });
    // Eight days pass for the services: the scheduler finds both.
    clock.advance(8 * 86_400_000);
    const escalated = await waitForEvent('pm.tickets.ticket.escalated', since, (e) => e.aggregateId === complaint.id, 15_000);
    expect(escalated.payload).toMatchObject({ reason: 'UNRESOLVED_TOO_LONG', severity: 'MAJOR' });
    const breach = await waitForEvent('pm.tickets.ticket.sla_breached', since, (e) => e.aggregateId === emergency.id, 15_000);
    expect(breach.payload).toMatchObject({ breach: expect.stringMatching(/DISPATCH|RESPONSE/) });
    const { ticket } = ok(await desk()<{ ticket: { severity: string; sla: { breached: boolean } } }>('query($id: ID!) { ticket(id: $id) { severity sla { breached } } }', { id: emergency.id }));
    expect(ticket.sla.breached).toBe(true);
  });

  it('callbacks reach surveys over NATS: serviceSatisfaction per kind against its target', async () => {
    const month = firstDay.slice(0, 7);
    const rows = await eventually(async () => {
      const { serviceSatisfaction } = ok(await supervisor()<{ serviceSatisfaction: { kind: string; callbacks: number; satisfactionRate: number | null; target: number | null; met: boolean | null }[] }>(
        'query($p: ID!, $m: String!) { serviceSatisfaction(propertyId: $p, month: $m) { kind callbacks satisfactionRate target met } }', { p: propertyId, m: month },
      ));
      const complaints = serviceSatisfaction.find((r) => r.kind === 'COMPLAINT');
      if (complaints?.callbacks !== 2) throw new Error(`complaint callbacks so far: ${complaints?.callbacks}`);
      return serviceSatisfaction;
    }, 15_000);
    expect(rows.find((r) => r.kind === 'REPAIR')).toEqual({ kind: 'REPAIR', callbacks: 1, satisfactionRate: 1, target: 0.95, met: true });
    expect(rows.find((r) => r.kind === 'COMPLAINT')).toEqual({ kind: 'COMPLAINT', callbacks: 2, satisfactionRate: 0.5, target: 0.9, met: false });
    expect(firstError(await desk()('query($p: ID!) { serviceSatisfaction(propertyId: $p, month: "2026-13") { kind } }', { p: propertyId }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'month' });
  });

  it('the weekly summary and the monthly paid-repair report download as CSV', async () => {
    const day = new Date(clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const summary = await fetch(reportUrl(`/reports/ticket-summary.csv?propertyId=${propertyId}&from=${firstDay}&to=${day}`), { headers: { authorization: `Bearer ${tokenFor(Role.SUPERVISOR)}` } });
    expect(summary.status).toBe(200);
    expect(summary.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await summary.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('section,item,value,target');
    expect(lines).toContain('kind,SUGGESTION,1');
    expect(lines).toContain('kind,INQUIRY,1');
    expect(lines).toContain('satisfaction by kind,COMPLAINT,50.0% (2 callbacks),90.0%');
    expect(lines.find((l) => l.startsWith('callbacks,callback rate,'))).toMatch(/^callbacks,callback rate,\d+\.\d%,100\.0%$/);

    const month = day.slice(0, 7);
    const paid = await fetch(reportUrl(`/reports/paid-repairs.csv?propertyId=${propertyId}&month=${month}`), { headers: { authorization: `Bearer ${tokenFor(Role.CASHIER)}` } });
    expect(paid.status).toBe(200);
    const paidLines = (await paid.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(paidLines[0]).toBe('ticket,resolved,unit,title,service code,service,quoted (CNY),fee (CNY),materials,by');
    expect(paidLines[1]).toMatch(/^GD-[^,]+,\d{4}-\d{2}-\d{2} \d{2}:\d{2},1-1-101,马桶堵塞,S40,维修马桶堵塞,50\.00,50\.00,皮搋子,李师傅$/);
    expect(paidLines.at(-1)).toBe('TOTAL,,,1 paid repairs,,,,50.00,,');

    const refused = await fetch(reportUrl(`/reports/paid-repairs.csv?propertyId=${propertyId}&month=${month}`), { headers: { authorization: `Bearer ${tokenFor(Role.RESIDENT, { residentId: owner.id, unitIds: [units[0].id], propertyIds: [propertyId] })}` } });
    expect(refused.status).toBe(403);
    const bad = await fetch(reportUrl(`/reports/paid-repairs.csv?propertyId=${propertyId}&month=11-2026`), { headers: { authorization: `Bearer ${tokenFor(Role.SUPERVISOR)}` } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'BAD_USER_INPUT', field: 'month' } });
    expect((await fetch(reportUrl(`/reports/ticket-summary.csv?propertyId=${propertyId}&from=${day}&to=${day}`))).status).toBe(401);
  });

  it('lists every ticket change on the backbone', async () => {
    const event = await waitForEvent('pm.tickets.ticket.status_changed', started, (e) => (e.payload as { propertyId: string }).propertyId === propertyId);
    expect(event.source).toBe('tickets');
  });

  it('a repair records the number to call back on (masked; a project manager’s read is logged) and the visit agreed with the resident', async () => {
    const appointment = new Date(clock.now().getTime() + 86_400_000).toISOString();
    const OPEN = 'mutation($input: OpenTicketInput!) { openTicket(input: $input) { id contactPhone appointmentAt } }';
    const input = { propertyId, kind: 'REPAIR', channel: 'PHONE', title: '热水器不出热水', unitId: units[0].id, contactPhone: '13900001111', appointmentAt: appointment };
    expect(firstError(await desk()(OPEN, { input: { ...input, contactPhone: '12345' } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contactPhone' });
    expect(firstError(await desk()(OPEN, { input: { ...input, appointmentAt: new Date(clock.now().getTime() - 60_000).toISOString() } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'appointmentAt' });
    const { openTicket } = ok(await desk()<{ openTicket: { id: string; contactPhone: string; appointmentAt: string } }>(OPEN, { input }));
    expect(openTicket).toMatchObject({ contactPhone: '139****1111', appointmentAt: appointment });
    const manager = graph.as(Role.PROJECT_MANAGER, { sub: 'pm-zhao', name: '赵经理' });
    expect(ok(await manager<{ ticket: { contactPhone: string } }>('query($id: ID!) { ticket(id: $id) { contactPhone } }', { id: openTicket.id })).ticket.contactPhone).toBe('13900001111');
    const { ticketPiiAccessLog } = ok(await manager<{ ticketPiiAccessLog: { ticketId: string; accessorName: string }[] }>('query($p: ID!) { ticketPiiAccessLog(propertyId: $p) { ticketId accessorName } }', { p: propertyId }));
    expect(ticketPiiAccessLog).toEqual([{ ticketId: openTicket.id, accessorName: '赵经理' }]);
    expect(firstError(await supervisor()('query($p: ID!) { ticketPiiAccessLog(propertyId: $p) { ticketId } }', { p: propertyId }))).toMatchObject({ code: 'FORBIDDEN' });
  });
});
