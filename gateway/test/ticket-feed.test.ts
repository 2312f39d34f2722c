import { randomUUID } from 'node:crypto';

import { createEnvelope, Events, EventSpace } from '@pm/events';
import { createLogger } from '@pm/runtime';
import { eventually, testInfrastructure, testNamespace } from '@pm/testing';
import { connect, type NatsConnection } from 'nats';

import { type TicketEvent, TicketFeed } from '../src/subscriptions/ticket-feed';

/** The gateway's live feed on its own, against the test NATS. */
describe('the live ticket feed', () => {
  let nc: NatsConnection;
  // A namespace no service has published in yet: its stream does not exist.
  const space = new EventSpace(`${testNamespace()}_feed`);

  beforeAll(async () => {
    nc = await connect({ servers: testInfrastructure().natsUrl });
  });

  afterAll(async () => {
    await space.deleteStream(await nc.jetstreamManager());
    await nc.close();
  });

  it('a gateway that starts before any service (no stream yet) follows the changes published after', async () => {
    const feed = new TicketFeed(nc, createLogger('feed-test', 'silent'), space);
    await feed.start();
    try {
      const seen: TicketEvent[] = [];
      feed.listen((item) => seen.push(item));
      const ticketId = randomUUID();
      const envelope = createEnvelope(Events.ticketOpened, {
        ticketId, number: 'GD-1', propertyId: randomUUID(), kind: 'REPAIR', channel: 'PHONE', status: 'NEW', unitId: null, reporterId: null, urgency: 'NORMAL',
      }, { aggregateId: ticketId, actor: 'test' });
      await nc.jetstream().publish(space.subject(Events.ticketOpened.subject), JSON.stringify(envelope), { msgID: envelope.id });
      await eventually(async () => expect(seen.map((s) => s.event.id)).toEqual([envelope.id]), 10_000);
      expect(feed.sequenceOf(seen[0].cursor)).toBe(seen[0].seq);
      expect(feed.sequenceOf(new TicketFeed(nc, createLogger('other', 'silent'), new EventSpace()).cursor(seen[0].seq))).toBeNull();
    } finally {
      await feed.stop();
    }
  });
});
