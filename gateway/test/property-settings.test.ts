import { TestClock } from '@pm/calendar';
import { Role } from '@pm/identity';
import { parseEnvironment } from '@pm/runtime';
import { SlaScheduler, ticketsEnvironment, ticketsSettings } from '@pm/tickets-service';
import { eventually, firstError, ok } from '@pm/testing';

import { createTestProperty } from './factories';
import { startTestGraph, type TestGraph } from './graph';

/**
 * Per-property settings (issue 17): an office building whose desk keeps other hours than the
 * company's gets other deadlines for the same ticket, in the ticket's SLA and in the breach
 * scheduler; only its project manager changes them, and every change is kept.
 */
describe('per-property settings', () => {
  let graph: TestGraph;
  let residential: { propertyId: string; units: { id: string }[] };
  let office: { propertyId: string; units: { id: string }[] };
  let scheduler: SlaScheduler;
  /** Monday 16 November 2026, 17:40 in China: the company's desk closed at 17:30. */
  const clock = new TestClock('2026-11-16T09:40:00Z');
  const manager = () => graph.as(Role.PROJECT_MANAGER, { name: '物业经理 孙', propertyIds: [office.propertyId] });
  const UPDATE = 'mutation($p: ID!, $input: PropertySettingsInput!) { updatePropertySettings(propertyId: $p, input: $input) { workdayHours { open close } sla { dispatchMinutes } overridden history { by reason changes { setting from to } } } }';
  const repair = async (property: { propertyId: string; units: { id: string }[] }) => ok(await graph.as(Role.FRONT_DESK, { propertyIds: [property.propertyId] })<{ openTicket: { id: string; sla: { dispatchBy: string; respondBy: string } } }>(
    'mutation($input: OpenTicketInput!) { openTicket(input: $input) { id sla { dispatchBy respondBy } } }',
    { input: { propertyId: property.propertyId, kind: 'REPAIR', channel: 'PHONE', title: '空调不制冷', unitId: property.units[0].id } },
  )).openTicket;
  const published = async (ticketId: string) => (await graph.services.tickets.orm.em.fork().getConnection().execute<{ breach: string }[]>(
    "select envelope->'payload'->>'breach' as breach from outbox where subject = 'pm.tickets.ticket.sla_breached' and envelope->>'aggregateId' = ?", [ticketId])).map((r) => r.breach);

  beforeAll(async () => {
    graph = await startTestGraph({}, { clock, serviceSettings: { tickets: { SLA_SCAN_SECONDS: '3600' } } });
    residential = await createTestProperty(graph, 1);
    office = await createTestProperty(graph, 1, 'OWNER_OCCUPIED', { kind: 'OFFICE', usage: 'OFFICE' });
    scheduler = new SlaScheduler(graph.services.tickets.orm, { clock, settings: ticketsSettings(parseEnvironment(ticketsEnvironment, {})) });
  }, 60_000);
  afterAll(() => graph?.stop());

  it('only the property’s project manager changes its settings; bad hours and unknown settings are refused by name', async () => {
    const input = { workdayHours: { open: '09:00', close: '18:00' } };
    expect(firstError(await graph.as(Role.SUPERVISOR, { propertyIds: [office.propertyId] })(UPDATE, { p: office.propertyId, input }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(firstError(await graph.as(Role.PROJECT_MANAGER, { propertyIds: [residential.propertyId] })(UPDATE, { p: office.propertyId, input }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(firstError(await manager()(UPDATE, { p: office.propertyId, input: { workdayHours: { open: '09:00', close: '08:00' } } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'workdayHours.close' });
    expect(firstError(await manager()(UPDATE, { p: office.propertyId, input: { extraHolidays: ['2026-02-30x'] } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'extraHolidays' });
    expect(firstError(await manager()(UPDATE, { p: office.propertyId, input: { reset: ['deskColour'] } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reset' });
  });

  it('an office desk open 09:00–18:00 gives the same repair other deadlines than the company’s 08:00–17:30, and the scheduler keeps to each', async () => {
    const changed = ok(await manager()<{ updatePropertySettings: { workdayHours: { open: string; close: string }; overridden: string[]; history: { by: string; reason: string; changes: { setting: string; from: string | null; to: string }[] }[] } }>(
      UPDATE, { p: office.propertyId, input: { workdayHours: { open: '09:00', close: '18:00' }, reason: '写字楼前台 9:00–18:00' } })).updatePropertySettings;
    expect(changed.workdayHours).toEqual({ open: '09:00', close: '18:00' });
    expect(changed.overridden).toEqual(['workdayHours']);
    expect(changed.history).toEqual([{ by: '物业经理 孙', reason: '写字楼前台 9:00–18:00', changes: [{ setting: 'workdayHours', from: null, to: '{"open":"09:00","close":"18:00"}' }] }]);

    const atHome = await repair(residential);
    const atOffice = await repair(office);
    // Received at 17:40: the company's desk is closed until 08:00, the office desk open till 18:00.
    expect(atHome.sla.dispatchBy).toBe('2026-11-17T00:10:00.000Z'); // Tuesday 08:10
    expect(atOffice.sla.dispatchBy).toBe('2026-11-16T09:50:00.000Z'); // Monday 17:50
    expect(atOffice.sla.respondBy).toBe('2026-11-16T09:55:00.000Z');

    clock.set('2026-11-16T10:00:00Z'); // 18:00
    await scheduler.scanOnce();
    expect(await published(atOffice.id)).toEqual(expect.arrayContaining(['DISPATCH', 'RESPONSE']));
    expect(await published(atHome.id)).toEqual([]);
  });

  it('a property’s own deadlines apply too, and reset returns a setting to the company’s; the staff read what applies', async () => {
    ok(await manager()(UPDATE, { p: office.propertyId, input: { sla: { dispatchMinutes: 30 } } }));
    const read = async () => ok(await graph.as(Role.FRONT_DESK, { propertyIds: [office.propertyId] })<{ propertySettings: { workdayHours: { open: string }; sla: { dispatchMinutes: number; repairResponseMinutes: number }; overridden: string[]; history: unknown[] } }>(
      'query($p: ID!) { propertySettings(propertyId: $p) { workdayHours { open } sla { dispatchMinutes repairResponseMinutes } overridden history { by } } }', { p: office.propertyId })).propertySettings;
    expect(await read()).toMatchObject({ workdayHours: { open: '09:00' }, sla: { dispatchMinutes: 30, repairResponseMinutes: 15 }, overridden: ['sla.dispatchMinutes', 'workdayHours'] });
    clock.set('2026-11-17T02:00:00Z'); // Tuesday 10:00
    expect((await repair(office)).sla.dispatchBy).toBe('2026-11-17T02:30:00.000Z');

    ok(await manager()(UPDATE, { p: office.propertyId, input: { reset: ['sla.dispatchMinutes'], reason: '恢复公司标准' } }));
    const after = await read();
    expect(after).toMatchObject({ sla: { dispatchMinutes: 10 }, overridden: ['workdayHours'] });
    expect(after.history).toHaveLength(3);
    expect((await repair(office)).sla.dispatchBy).toBe('2026-11-17T02:10:00.000Z');
    expect(firstError(await manager()(UPDATE, { p: office.propertyId, input: { reset: ['sla.dispatchMinutes'] } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input' });
  });

  it('a property’s own satisfaction target is the one both its ticket summary and the callbacks’ satisfaction in surveys measure against', async () => {
    ok(await manager()(UPDATE, { p: office.propertyId, input: { complaintSatisfactionTarget: 0.85, reason: '写字楼投诉满意度目标' } }));
    const supervisor = graph.as(Role.SUPERVISOR, { propertyIds: [office.propertyId] });
    const { ticketSummary } = ok(await supervisor<{ ticketSummary: { satisfactionByKind: { kind: string; target: number | null }[] } }>(
      'query($p: ID!) { ticketSummary(propertyId: $p, from: "2026-11-01T00:00:00Z", to: "2026-11-30T00:00:00Z") { satisfactionByKind { kind target } } }', { p: office.propertyId }));
    expect(ticketSummary.satisfactionByKind.find((k) => k.kind === 'COMPLAINT')?.target).toBe(0.85);
    await eventually(async () => {
      const { serviceSatisfaction } = ok(await supervisor<{ serviceSatisfaction: { kind: string; target: number | null }[] }>(
        'query($p: ID!) { serviceSatisfaction(propertyId: $p, month: "2026-11") { kind target } }', { p: office.propertyId }));
      expect(serviceSatisfaction.find((k) => k.kind === 'COMPLAINT')?.target).toBe(0.85);
      expect(serviceSatisfaction.find((k) => k.kind === 'REPAIR')?.target).toBe(0.95);
    }, 15_000);
  });
});
