import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

import { TestClock } from '@pm/calendar';
import { Events } from '@pm/events';
import { Role } from '@pm/identity';
import { parseEnvironment } from '@pm/runtime';
import { SlaScheduler, ticketsEnvironment, ticketsSettings } from '@pm/tickets-service';
import { eventually, firstError, ok, testEventSpace } from '@pm/testing';
import { connect } from 'nats';
import { SMTPServer } from 'smtp-server';

import { createTestProperty, createTestResident } from './factories';
import { startTestGraph, type TestGraph } from './graph';

/**
 * Notifications (issue 17) through real channels: a local SMTP server receives the e-mails, a local
 * HTTP receiver plays the WeChat Work robot, and the in-app feed is read through the gateway.
 */
describe('notifications: e-mail, robot webhook and the in-app feed', () => {
  let graph: TestGraph;
  let propertyId: string;
  let units: { id: string; code: string }[];
  let smtp: SMTPServer;
  let robot: Server;
  let robotUrl: string;
  let scheduler: SlaScheduler;
  const mails: { to: string[]; text: string }[] = [];
  const posts: { content: string }[] = [];
  /** The robot answers these statuses first (then 200), to show retries. */
  const robotFailures: number[] = [];
  const clock = new TestClock('2026-11-16T02:00:00Z'); // Monday 10:00 in China

  const manager = () => graph.as(Role.PROJECT_MANAGER, { name: '经理', propertyIds: [propertyId] });
  const SET = 'mutation($p: ID!, $r: [NotificationRecipientInput!]!) { setNotificationRecipients(propertyId: $p, recipients: $r) { role channel address } }';
  const mailsTo = (address: string) => mails.filter((m) => m.to.includes(address));
  const deliveries = async (status?: string) => ok(await graph.as(Role.SUPERVISOR, { propertyIds: [propertyId] })<{ notificationDeliveries: { eventType: string; channel: string; address: string; status: string; attempts: number; subject: string; body: string; lastError: string | null }[] }>(
    'query($p: ID!, $s: DeliveryStatus) { notificationDeliveries(propertyId: $p, status: $s, first: 200) { eventType channel address status attempts subject body lastError } }', { p: propertyId, s: status ?? null })).notificationDeliveries;

  /** A notice names its unit by the code tickets learnt from residents' events: wait until they have arrived. */
  const ticketsKnowUnits = (property: string, count: number) => eventually(async () => {
    const [row] = await graph.services.tickets.orm.em.fork().getConnection().execute('select count(*)::int as n from unit_directory where property_id = ?', [property]);
    if (row.n !== count) throw new Error('tickets has not heard of every unit yet');
  }, 15_000);

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), text: Buffer.concat(chunks).toString('utf8') });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
    robot = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const failure = robotFailures.shift();
        if (failure) {
          res.writeHead(failure).end('busy');
          return;
        }
        posts.push((JSON.parse(body) as { text: { content: string } }).text);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
      });
    });
    await new Promise<void>((resolve) => robot.listen(0, '127.0.0.1', () => resolve()));
    robotUrl = `http://127.0.0.1:${(robot.address() as AddressInfo).port}/cgi-bin/webhook/send?key=test`;
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    graph = await startTestGraph({}, {
      clock,
      serviceSettings: { tickets: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, NOTIFY_SCAN_SECONDS: '0.2', SLA_SCAN_SECONDS: '3600' } },
    });
    ({ propertyId, units } = await createTestProperty(graph, 2));
    await ticketsKnowUnits(propertyId, 2);
    await createTestResident(graph, units[0].id, '通知业主');
    scheduler = new SlaScheduler(graph.services.tickets.orm, { clock, settings: ticketsSettings(parseEnvironment(ticketsEnvironment, {})) });
  }, 60_000);
  afterAll(async () => {
    await graph?.stop();
    await new Promise<void>((resolve) => smtp?.close(() => resolve()));
    await new Promise<void>((resolve) => robot?.close(() => resolve()));
  });

  it('only the project manager names the recipients, each checked by field', async () => {
    const r = [{ role: 'SUPERVISOR', channel: 'EMAIL', address: 'not-an-address', name: '主管' }];
    expect(firstError(await graph.as(Role.SUPERVISOR, { propertyIds: [propertyId] })(SET, { p: propertyId, r }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(firstError(await manager()(SET, { p: propertyId, r }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'recipients[0].address' });
    expect(firstError(await manager()(SET, { p: propertyId, r: [{ ...r[0], role: 'RESIDENT', address: 'a@b.cn' }] }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'recipients[0].role' });
    const set = ok(await manager()<{ setNotificationRecipients: unknown[] }>(SET, { p: propertyId, r: [
      { role: 'SUPERVISOR', channel: 'EMAIL', address: 'supervisor@desk.example.cn', name: '客服主管' },
      { role: 'SUPERVISOR', channel: 'WEBHOOK', address: robotUrl, name: '客服群机器人' },
      { role: 'ENGINEER', channel: 'EMAIL', address: 'duty-engineer@desk.example.cn', name: '值班工程师' },
    ] })).setNotificationRecipients;
    expect(set).toHaveLength(3);
  });

  it('a missed deadline sends exactly one e-mail and one robot message, without personal data, and none when the event is delivered again', async () => {
    const request = ok(await graph.as(Role.FRONT_DESK, { propertyIds: [propertyId] })<{ openTicket: { id: string; number: string } }>(
      'mutation($input: OpenTicketInput!) { openTicket(input: $input) { id number } }',
      { input: { propertyId, kind: 'REQUEST', channel: 'PHONE', title: '申请开通门禁卡', unitId: units[0].id } })).openTicket;
    clock.advance(15 * 60_000); // 10 working minutes to dispatch have passed
    await scheduler.scanOnce();
    await eventually(async () => {
      expect(mailsTo('supervisor@desk.example.cn')).toHaveLength(1);
      expect(posts.filter((p) => p.content.includes(request.number))).toHaveLength(1);
    }, 15_000);
    const [mail] = mailsTo('supervisor@desk.example.cn');
    expect(mail.text).toContain(request.number);
    const sent = (await deliveries()).find((d) => d.channel === 'EMAIL' && d.body.includes(request.number))!;
    expect(sent.body).toContain(units[0].code);
    expect(sent.body).not.toContain('通知业主'); // the reporter's name
    expect(sent.body).not.toMatch(/1[3-9]\d{9}/); // any phone number
    expect(posts[0].content).toContain('【派单超时】');
    expect(mailsTo('duty-engineer@desk.example.cn')).toHaveLength(0);

    // The same event again (as NATS redelivers it after a lost acknowledgement): the inbox drops it.
    const before = (await graph.services.tickets.consumer!.stats()).duplicates;
    const [row] = await graph.services.tickets.orm.em.fork().getConnection().execute<{ envelope: unknown }[]>(
      "select envelope from outbox where subject = ? and envelope->>'aggregateId' = ?", [Events.ticketSlaBreached.subject, request.id]);
    const nc = await connect({ servers: graph.env.NATS_URL });
    await nc.jetstream().publish(testEventSpace().subject(Events.ticketSlaBreached.subject), JSON.stringify(row.envelope), { msgID: `redelivered-${request.id}` });
    await nc.close();
    await eventually(async () => expect((await graph.services.tickets.consumer!.stats()).duplicates).toBe(before + 1), 15_000);
    await new Promise((resolve) => setTimeout(resolve, 500)); // a sender pass or two
    expect(mailsTo('supervisor@desk.example.cn')).toHaveLength(1);
    expect(posts.filter((p) => p.content.includes(request.number))).toHaveLength(1);
    expect((await deliveries()).filter((d) => d.eventType === Events.ticketSlaBreached.type && d.body.includes(request.number)).map((d) => `${d.channel} ${d.status}`).sort())
      .toEqual(['EMAIL SENT', 'IN_APP SENT', 'WEBHOOK SENT']);

    // An event that reaches the consumer more than NOTIFY_MAX_EVENT_AGE_MINUTES (60) after it
    // happened (a new consumer reading history) is recorded, not mailed.
    const late = { ...(row.envelope as Record<string, unknown>), id: randomUUID(), occurredAt: new Date(Date.now() - 61 * 60_000).toISOString() };
    const again = await connect({ servers: graph.env.NATS_URL });
    await again.jetstream().publish(testEventSpace().subject(Events.ticketSlaBreached.subject), JSON.stringify(late), { msgID: late.id as string });
    await again.close();
    const ofRequest = async () => (await deliveries()).filter((d) => d.eventType === Events.ticketSlaBreached.type && d.body.includes(request.number));
    await eventually(async () => expect((await ofRequest()).map((d) => `${d.channel} ${d.status}`).sort())
      .toEqual(['EMAIL SENT', 'EMAIL SKIPPED', 'IN_APP SENT', 'IN_APP SENT', 'WEBHOOK SENT', 'WEBHOOK SKIPPED']), 15_000);
    expect((await ofRequest()).find((d) => d.status === 'SKIPPED')?.lastError).toMatch(/older than 60 minutes/);
    await new Promise((resolve) => setTimeout(resolve, 500)); // a sender pass or two
    expect(mailsTo('supervisor@desk.example.cn')).toHaveLength(1);
  });

  it('an emergency repair reaches the engineer on duty and the in-app feed; a robot that fails is tried again later', async () => {
    robotFailures.push(500);
    const emergency = ok(await graph.as(Role.FRONT_DESK, { propertyIds: [propertyId] })<{ openTicket: { number: string } }>(
      'mutation($input: OpenTicketInput!) { openTicket(input: $input) { number } }',
      { input: { propertyId, kind: 'REPAIR', channel: 'PHONE', title: '水管爆裂', urgency: 'EMERGENCY', unitId: units[1].id } })).openTicket;
    await eventually(async () => expect(mailsTo('duty-engineer@desk.example.cn').filter((m) => m.text.includes(emergency.number))).toHaveLength(1), 15_000);
    const { notifications } = ok(await graph.as(Role.ENGINEER, { propertyIds: [propertyId] })<{ notifications: { subject: string }[] }>(
      'query($p: ID!) { notifications(propertyId: $p) { subject } }', { p: propertyId }));
    expect(notifications.map((n) => n.subject)).toContain(`【紧急报修】${emergency.number}`);
    expect(notifications.some((n) => n.subject.startsWith('【派单超时】'))).toBe(false); // the supervisor's, not the engineer's

    // The robot said 500: the delivery waits for its retry (30 s later on the service's clock).
    await eventually(async () => expect((await deliveries('PENDING')).find((d) => d.channel === 'WEBHOOK')).toMatchObject({ attempts: 1, lastError: expect.stringContaining('500') }), 15_000);
    clock.advance(31_000);
    await eventually(async () => expect(posts.filter((p) => p.content.includes(emergency.number))).toHaveLength(1), 15_000);
    expect((await deliveries()).find((d) => d.channel === 'WEBHOOK' && d.body.includes(emergency.number))).toMatchObject({ status: 'SENT', attempts: 2 });
  });

  it('a defect found at a hand-over (another service’s event) reaches the engineer on duty, with the unit but not the owner', async () => {
    const { propertyId: newBuild, units: newUnits } = await createTestProperty(graph, 1, 'NOT_HANDED_OVER');
    await ticketsKnowUnits(newBuild, 1);
    ok(await graph.as(Role.PROJECT_MANAGER, { propertyIds: [newBuild] })(SET, { p: newBuild, r: [{ role: 'ENGINEER', channel: 'EMAIL', address: 'handover-engineer@desk.example.cn', name: '工程部' }] }));
    ok(await graph.as(Role.FRONT_DESK, { propertyIds: [newBuild] })('mutation($input: HandOverUnitInput!) { handOverUnit(input: $input) { id } }', { input: {
      unitId: newUnits[0].id, accepted: true,
      owner: { name: '交房业主', phone: '13912345678', idNumber: '11010519491231002X' },
      identityChecked: ['ID_CARD', 'PURCHASE_CONTRACT', 'MOVE_IN_NOTICE'], prepaid: { months: 3, managementFeeFen: 84_000 },
      documentsSigned: ['HOUSEHOLD_REGISTER', 'BANK_COLLECTION_AGREEMENT', 'FIRE_SAFETY_AGREEMENT', 'KEY_RECEIPT'], keysIssued: 2,
      meterReadings: { water: 1, electricity: 2, gas: 0 }, defects: [{ description: '主卧窗框渗水', large: true }],
    } }));
    await eventually(async () => expect(mailsTo('handover-engineer@desk.example.cn')).toHaveLength(1), 15_000);
    const { notificationDeliveries } = ok(await graph.as(Role.SUPERVISOR, { propertyIds: [newBuild] })<{ notificationDeliveries: { channel: string; subject: string; body: string; status: string }[] }>(
      'query($p: ID!) { notificationDeliveries(propertyId: $p) { channel subject body status } }', { p: newBuild }));
    const email = notificationDeliveries.find((d) => d.channel === 'EMAIL')!;
    expect(email).toMatchObject({ status: 'SENT', subject: `【入伙验房问题】${newUnits[0].code}` });
    expect(email.body).toContain('主卧窗框渗水');
    expect(email.body).not.toContain('交房业主');
    expect(email.body).not.toContain('13912345678');
  });
});
