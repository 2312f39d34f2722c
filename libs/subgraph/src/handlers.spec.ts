import { TestClock } from '@pm/calendar';
import { createEnvelope, Events } from '@pm/events';

import { defineHandler } from './handlers';

describe('defineHandler', () => {
  it('hands the handler its typed payload, the envelope, the service runtime and when the event was received, and subscribes to the event subject', async () => {
    const seen: unknown[] = [];
    const handler = defineHandler<typeof Events.unitAdded, { tag: string }>(Events.unitAdded, async (_em, payload, ctx) => {
      seen.push(payload.code, ctx.settings.tag, ctx.event.actor, ctx.clock.now().toISOString(), ctx.receivedAt.toISOString());
    });
    expect(handler).toMatchObject({ type: 'residents.unit.added', subject: 'pm.residents.unit.added' });
    const payload = { unitId: '01a2054f-4e47-7000-8cc8-f9e388997d59', propertyId: '01a2054f-4e47-7000-8cc8-f9e388997d5a', buildingId: '01a2054f-4e47-7000-8cc8-f9e388997d5b', code: '1-1-101', usage: 'HOME', occupancy: 'VACANT' };
    const event = createEnvelope(Events.unitAdded, payload, { aggregateId: payload.unitId, actor: 'desk-1' });
    await handler.handle(undefined as never, event, { clock: new TestClock('2026-11-16T02:00:00Z'), settings: { tag: 'residents-v1' } }, { receivedAt: new Date('2026-11-16T01:00:05Z') });
    expect(seen).toEqual(['1-1-101', 'residents-v1', 'desk-1', '2026-11-16T02:00:00.000Z', '2026-11-16T01:00:05.000Z']);
  });
});
