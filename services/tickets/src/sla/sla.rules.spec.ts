import { BusinessCalendar } from '@pm/calendar';

import { ComplaintSeverity, ComplaintValidity, RepairUrgency, TicketKind, TicketStatus } from '../ticket/ticket.enums';
import { computeSla, SlaBreachKind, type SlaFacts, type SlaSettings } from './sla.rules';

const settings: SlaSettings = {
  dispatchMinutes: 10, patrolDispatchMinutes: 30, repairResponseMinutes: 15, repairResolutionHours: 24, requestAnswerDays: 1,
  complaintMinorWorkdayShare: 0.5, complaintImportantDays: 1, complaintMajorAnswerDays: 2, complaintMajorResolutionDays: 15, complaintUnclassifiedDays: 1, patrolVerificationDays: 1, callbackDays: 1,
};
const calendar = new BusinessCalendar();
const cst = (local: string) => new Date(`${local}+08:00`);
const local = (at: Date | null) => at && new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
const facts = (over: Partial<SlaFacts>): SlaFacts => ({
  kind: TicketKind.REPAIR, status: TicketStatus.NEW, urgency: RepairUrgency.NORMAL, severity: null, createdAt: cst('2026-11-23T09:00:00'),
  dispatchedAt: null, startedAt: null, resolvedAt: null, callbackAt: null, closedAt: null, pausedMs: 0, holdStartedAt: null, ...over,
});

describe('SLA deadlines (DOMAIN.md)', () => {
  it('a normal repair: dispatch in 10 working minutes, response in 15, fixed by the same time next working day', () => {
    const sla = computeSla(facts({}), settings, calendar, cst('2026-11-23T09:05:00'));
    expect([local(sla.dispatchBy), local(sla.respondBy), local(sla.resolveBy)]).toEqual(['2026-11-23 09:10', '2026-11-23 09:15', '2026-11-24 09:00']);
    expect(sla.breaches).toEqual([]);
  });

  it('an emergency at night runs on the wall clock; late dispatch and response are breaches', () => {
    const sla = computeSla(facts({ urgency: RepairUrgency.EMERGENCY, createdAt: cst('2026-11-21T23:00:00') }), settings, calendar, cst('2026-11-21T23:20:00'));
    expect([local(sla.dispatchBy), local(sla.respondBy), local(sla.resolveBy)]).toEqual(['2026-11-21 23:10', '2026-11-21 23:15', '2026-11-22 23:00']);
    expect(sla.breaches).toEqual([SlaBreachKind.DISPATCH, SlaBreachKind.RESPONSE]);
  });

  it('a normal repair received on Saturday night is due on the working calendar', () => {
    const sla = computeSla(facts({ createdAt: cst('2026-11-21T23:00:00') }), settings, calendar, cst('2026-11-21T23:20:00'));
    expect(local(sla.dispatchBy)).toBe('2026-11-23 08:10');
    expect(sla.breaches).toEqual([]);
  });

  it('complaints: MINOR half a working day, IMPORTANT one, MAJOR an answer in 2 and a solution in 15; unclassified one; INVALID none', () => {
    const at = (severity: ComplaintSeverity | null) => computeSla(facts({ kind: TicketKind.COMPLAINT, urgency: null, severity }), settings, calendar, cst('2026-11-23T09:00:00'));
    expect(local(at(ComplaintSeverity.MINOR).resolveBy)).toBe('2026-11-23 13:45');
    expect(local(at(ComplaintSeverity.IMPORTANT).resolveBy)).toBe('2026-11-24 09:00');
    expect([local(at(ComplaintSeverity.MAJOR).respondBy), local(at(ComplaintSeverity.MAJOR).resolveBy)]).toEqual(['2026-11-25 09:00', '2026-12-14 09:00']);
    expect(local(at(null).resolveBy)).toBe('2026-11-24 09:00');
    expect(computeSla(facts({ kind: TicketKind.COMPLAINT, urgency: null, validity: ComplaintValidity.INVALID }), settings, calendar, cst('2026-11-23T09:00:00')).resolveBy).toBeNull();
  });

  it('a MAJOR complaint answered on day 2 and solved on day 10 breaches nothing; unanswered on day 3 it has missed its answer', () => {
    const major = facts({ kind: TicketKind.COMPLAINT, urgency: null, severity: ComplaintSeverity.MAJOR, validity: ComplaintValidity.VALID, dispatchedAt: cst('2026-11-23T09:05:00') });
    const answered = { ...major, answeredAt: cst('2026-11-24T15:00:00') };
    expect(computeSla({ ...answered, status: TicketStatus.RESOLVED, resolvedAt: cst('2026-12-04T10:00:00') }, settings, calendar, cst('2026-12-04T10:00:00')).breaches).toEqual([]);
    expect(computeSla(major, settings, calendar, cst('2026-11-26T10:00:00')).breaches).toEqual([SlaBreachKind.RESPONSE]);
  });

  it('an approved extension replaces the resolution deadline', () => {
    const minor = facts({ kind: TicketKind.COMPLAINT, urgency: null, severity: ComplaintSeverity.MINOR, validity: ComplaintValidity.VALID, dispatchedAt: cst('2026-11-23T09:05:00') });
    const extended = computeSla({ ...minor, extendedUntil: cst('2026-11-27T17:00:00') }, settings, calendar, cst('2026-11-26T10:00:00'));
    expect(local(extended.resolveBy)).toBe('2026-11-27 17:00');
    expect(extended.breaches).toEqual([]);
  });

  it('patrol findings are dispatched within 30 minutes; requests answered within a working day', () => {
    expect(local(computeSla(facts({ kind: TicketKind.PATROL_FINDING, urgency: null }), settings, calendar, cst('2026-11-23T09:00:00')).dispatchBy)).toBe('2026-11-23 09:30');
    expect(local(computeSla(facts({ kind: TicketKind.REQUEST, urgency: null }), settings, calendar, cst('2026-11-23T09:00:00')).resolveBy)).toBe('2026-11-24 09:00');
  });

  it('ON_HOLD pauses the clock: a two-day hold moves the resolution deadline two days', () => {
    const held = facts({ status: TicketStatus.ON_HOLD, dispatchedAt: cst('2026-11-23T09:05:00'), startedAt: cst('2026-11-23T09:10:00'), holdStartedAt: cst('2026-11-23T10:00:00') });
    const sla = computeSla(held, settings, calendar, cst('2026-11-25T10:00:00'));
    expect(local(sla.resolveBy)).toBe('2026-11-26 09:00');
    expect(sla.breaches).toEqual([]);
    const resumed = computeSla({ ...held, status: TicketStatus.IN_PROGRESS, holdStartedAt: null, pausedMs: 48 * 3600_000 }, settings, calendar, cst('2026-11-26T10:00:00'));
    expect(resumed.breaches).toEqual([SlaBreachKind.RESOLUTION]);
  });

  it('the callback is due a working day after resolution and is a breach when missed', () => {
    const resolved = facts({ status: TicketStatus.RESOLVED, dispatchedAt: cst('2026-11-23T09:05:00'), startedAt: cst('2026-11-23T09:10:00'), resolvedAt: cst('2026-11-27T16:00:00') });
    const sla = computeSla(resolved, settings, calendar, cst('2026-12-01T09:00:00'));
    expect(local(sla.callbackBy)).toBe('2026-11-30 16:00');
    expect(sla.breaches).toEqual([SlaBreachKind.RESOLUTION, SlaBreachKind.CALLBACK]);
  });
});
