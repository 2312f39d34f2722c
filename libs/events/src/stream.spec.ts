import { Events } from './catalogue';
import { EventSpace } from './stream';

describe('event spaces', () => {
  it('the platform’s own is the catalogue’s subjects on PM_EVENTS', () => {
    const space = new EventSpace();
    expect([space.namespace, space.stream, space.subjects]).toEqual(['pm', 'PM_EVENTS', ['pm.>']]);
    expect(space.subject(Events.ticketOpened.subject)).toBe('pm.tickets.ticket.opened');
  });

  it('another namespace publishes every catalogued subject and filter under its own name, on a stream of its own', () => {
    const space = new EventSpace('pm_second');
    expect([space.stream, space.subjects]).toEqual(['PM_SECOND_EVENTS', ['pm_second.>']]);
    expect(space.subject(Events.ticketOpened.subject)).toBe('pm_second.tickets.ticket.opened');
    expect(space.subject('pm.tickets.>')).toBe('pm_second.tickets.>');
    expect(space.subject('pm.dlq.tickets')).toBe('pm_second.dlq.tickets');
    // Its subjects lie outside every other space's stream, the platform's included.
    expect(space.subject('pm.tickets.>').startsWith('pm.')).toBe(false);
  });

  it('refuses a namespace that is not one lower-case subject token, and a subject not catalogued', () => {
    for (const bad of ['', 'PM', 'a.b', 'a b', 'a*', '>', '1pm', 'x'.repeat(33)]) expect(() => new EventSpace(bad)).toThrow(/event namespace/);
    expect(() => new EventSpace('pm_second').subject('elsewhere.tickets.ticket.opened')).toThrow(/not a catalogued subject/);
  });
});
