import { Role } from '@pm/identity';

import { Channel, RepairUrgency, TicketKind } from './ticket.enums';
import { openingRefusal, urgencyFor } from './ticket.rules';

const resident = { kind: 'resident' as const, sub: 'r', name: '张三', roles: [Role.RESIDENT], propertyIds: ['p'], residentId: 'r1', unitIds: ['u1'] };
const desk = { kind: 'staff' as const, sub: 'd', name: '王芳', roles: [Role.FRONT_DESK], propertyIds: ['p'] };
const guard = { ...desk, roles: [Role.SECURITY] };

describe('who may open a ticket', () => {
  it('resident: only through the app and only for their own unit', () => {
    expect(openingRefusal(resident, TicketKind.REPAIR, Channel.APP, 'u1')).toBeNull();
    expect(openingRefusal(resident, TicketKind.REPAIR, Channel.PHONE, 'u1')).toMatch(/APP/);
    expect(openingRefusal(resident, TicketKind.REPAIR, Channel.APP, 'u2')).toMatch(/own units/);
  });

  it('front desk: anything; security: patrol findings only', () => {
    expect(openingRefusal(desk, TicketKind.COMPLAINT, Channel.PHONE)).toBeNull();
    expect(openingRefusal(guard, TicketKind.PATROL_FINDING, Channel.PATROL)).toBeNull();
    expect(openingRefusal(guard, TicketKind.COMPLAINT, Channel.PHONE)).not.toBeNull();
  });
});

describe('urgency', () => {
  it('a repair defaults to NORMAL; a complaint may not have one', () => {
    expect(urgencyFor(TicketKind.REPAIR)).toEqual({ urgency: RepairUrgency.NORMAL });
    expect(urgencyFor(TicketKind.REPAIR, RepairUrgency.EMERGENCY)).toEqual({ urgency: RepairUrgency.EMERGENCY });
    expect(urgencyFor(TicketKind.COMPLAINT, RepairUrgency.EMERGENCY)).toHaveProperty('invalid');
  });
});
