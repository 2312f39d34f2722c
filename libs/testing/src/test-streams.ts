import { connect } from 'nats';

import { TEST_NAMESPACE_PREFIX } from './environment';

/** A test stream with no event for this long belongs to a run that ended without its teardown. */
const ABANDONED_AFTER_MS = 60 * 60_000;

/**
 * Deletes test stacks' event streams on the NATS at `natsUrl`: those of the run `runId` (its
 * teardown), and any other test stream idle for `abandonedAfterMs` (a run that crashed or was
 * stopped). Streams of other runs still going, and every stream not a test's, are left alone.
 * `scope`: the namespaces considered (a test of this narrows it to its own). The names of those deleted.
 */
export async function deleteTestStreams(natsUrl: string, runId: string, { abandonedAfterMs = ABANDONED_AFTER_MS, scope = TEST_NAMESPACE_PREFIX } = {}): Promise<string[]> {
  const testStream = new RegExp(`^${scope.toUpperCase()}[A-Z0-9_]*_EVENTS$`);
  // nats directly, not @pm/events: jest's global set-up and teardown must not load entities.
  const nc = await connect({ servers: natsUrl.split(','), name: 'test-streams' });
  try {
    const jsm = await nc.jetstreamManager();
    const own = `${TEST_NAMESPACE_PREFIX}${runId}_`.toUpperCase();
    const doomed: string[] = [];
    for await (const stream of jsm.streams.list()) {
      const { name } = stream.config;
      if (!testStream.test(name)) continue;
      const lastActive = Math.max(Date.parse(stream.created), Date.parse(stream.state.last_ts) || 0);
      if (name.startsWith(own) || Date.now() - lastActive > abandonedAfterMs) doomed.push(name);
    }
    for (const name of doomed) await jsm.streams.delete(name).catch(() => undefined);
    return doomed;
  } finally {
    await nc.close();
  }
}
