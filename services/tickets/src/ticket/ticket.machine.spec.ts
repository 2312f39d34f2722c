import { TICKET_KINDS } from '@pm/events';
import { Role } from '@pm/identity';

import { Department, TicketKind, TicketStatus } from './ticket.enums';
import { classificationRefusal, decide, OPEN_STATUSES, type TicketFacts } from './ticket.machine';

const person = (...roles: Role[]) => ({ kind: 'staff' as const, sub: 's', name: 'n', roles, propertyIds: ['*'] });
const desk = person(Role.FRONT_DESK);
const engineer = person(Role.ENGINEER);
const supervisor = person(Role.SUPERVISOR);
const repair = (status: TicketStatus, department: Department | null = Department.ENGINEERING): TicketFacts => ({ status, kind: TicketKind.REPAIR, department, validity: null });

describe('ticket state machine', () => {
  it('front desk: NEW → DISPATCHED → (engineer) IN_PROGRESS → ON_HOLD → IN_PROGRESS → RESOLVED → CLOSED', () => {
    expect(decide(desk, repair(TicketStatus.NEW, null), 'DISPATCH')).toEqual({ to: TicketStatus.DISPATCHED });
    expect(decide(engineer, repair(TicketStatus.DISPATCHED), 'START')).toEqual({ to: TicketStatus.IN_PROGRESS });
    expect(decide(engineer, repair(TicketStatus.IN_PROGRESS), 'HOLD')).toEqual({ to: TicketStatus.ON_HOLD });
    expect(decide(engineer, repair(TicketStatus.ON_HOLD), 'START')).toEqual({ to: TicketStatus.IN_PROGRESS });
    expect(decide(engineer, repair(TicketStatus.IN_PROGRESS), 'RESOLVE')).toEqual({ to: TicketStatus.RESOLVED });
    expect(decide(desk, repair(TicketStatus.RESOLVED), 'CLOSE')).toEqual({ to: TicketStatus.CLOSED });
  });

  it('kinds without a callback (inquiries, patrol findings, rectifications) are finished when resolved', () => {
    for (const kind of [TicketKind.INQUIRY, TicketKind.PATROL_FINDING, TicketKind.RECTIFICATION]) {
      expect(decide(desk, { ...repair(TicketStatus.IN_PROGRESS), kind }, 'RESOLVE')).toEqual({ to: TicketStatus.CLOSED });
    }
    expect(decide(desk, { ...repair(TicketStatus.IN_PROGRESS), kind: TicketKind.SUGGESTION }, 'RESOLVE')).toEqual({ to: TicketStatus.RESOLVED });
  });

  it('a dissatisfied callback reopens a resolved ticket; closed and rejected tickets are final', () => {
    expect(decide(desk, repair(TicketStatus.RESOLVED), 'REOPEN')).toEqual({ to: TicketStatus.IN_PROGRESS });
    expect(decide(desk, repair(TicketStatus.CLOSED), 'REOPEN')).toMatchObject({ refused: 'INVALID_TRANSITION' });
    expect(decide(supervisor, repair(TicketStatus.REJECTED), 'DISPATCH')).toMatchObject({ refused: 'INVALID_TRANSITION', reason: 'A REJECTED ticket cannot be dispatched' });
    expect(OPEN_STATUSES).not.toContain(TicketStatus.CLOSED);
  });

  it('an engineer works only tickets dispatched to engineering, and never dispatches', () => {
    expect(decide(engineer, repair(TicketStatus.DISPATCHED, Department.CLEANING), 'START')).toMatchObject({ refused: 'FORBIDDEN', reason: expect.stringMatching(/ENGINEERING only/) });
    expect(decide(engineer, repair(TicketStatus.NEW, null), 'DISPATCH')).toMatchObject({ refused: 'FORBIDDEN' });
  });

  it('only a supervisor rejects, and a complaint only once classified INVALID', () => {
    const complaint = (validity: string | null): TicketFacts => ({ status: TicketStatus.NEW, kind: TicketKind.COMPLAINT, department: null, validity });
    expect(decide(desk, complaint('INVALID'), 'REJECT')).toMatchObject({ refused: 'FORBIDDEN' });
    expect(decide(supervisor, complaint(null), 'REJECT')).toMatchObject({ refused: 'FORBIDDEN', reason: expect.stringMatching(/INVALID/) });
    expect(decide(supervisor, complaint('INVALID'), 'REJECT')).toEqual({ to: TicketStatus.REJECTED });
  });
});

describe('classification', () => {
  it('supervisor: a rejected or closed complaint cannot be classified again (issue 9)', () => {
    expect(classificationRefusal({ kind: TicketKind.COMPLAINT, status: TicketStatus.REJECTED })).toMatch(/settled/);
    expect(classificationRefusal({ kind: TicketKind.COMPLAINT, status: TicketStatus.CLOSED })).toMatch(/settled/);
    expect(classificationRefusal({ kind: TicketKind.COMPLAINT, status: TicketStatus.NEW })).toBeNull();
    expect(classificationRefusal({ kind: TicketKind.REPAIR, status: TicketStatus.NEW })).toMatch(/not a complaint/);
  });
});

describe('values other services read', () => {
  it('the ticket kinds are the event catalogue’s, in its order (surveys builds its enum from the catalogue)', () => {
    expect(Object.values(TicketKind)).toEqual([...TICKET_KINDS]);
  });
});
