import { randomBytes } from 'node:crypto';

import { connect, type NatsConnection } from 'nats';

import { testInfrastructure } from '../src/environment';
import { deleteTestStreams } from '../src/test-streams';

/**
 * The teardown of a jest run deletes the event streams its test files made, and those of runs that
 * ended without theirs, on a NATS other runs and stacks may be using at the same time.
 */
describe('deleting test event streams', () => {
  const { natsUrl } = testInfrastructure();
  const tag = randomBytes(3).toString('hex');
  // Only this test's namespaces are considered: streams of runs going on beside it are not touched.
  const scope = `test_q${tag}`;
  let nc: NatsConnection;
  const made: string[] = [];

  const stream = async (namespace: string) => {
    const name = `${namespace.toUpperCase()}_EVENTS`;
    await (await nc.jetstreamManager()).streams.add({ name, subjects: [`${namespace}.>`] });
    made.push(name);
    return name;
  };
  const existing = async () => {
    const names: string[] = [];
    for await (const info of (await nc.jetstreamManager()).streams.list()) names.push(info.config.name);
    return names;
  };

  beforeAll(async () => {
    nc = await connect({ servers: natsUrl });
  });

  afterAll(async () => {
    const jsm = await nc.jetstreamManager();
    for (const name of made) await jsm.streams.delete(name).catch(() => undefined);
    await nc.close();
  });

  it("deletes the run's own streams and abandoned test streams, and nothing else", async () => {
    const abandoned = await stream(`${scope}ab_0000`);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const own = [await stream(`${scope}ow_0001`), await stream(`${scope}ow_0002`)];
    const anotherRun = await stream(`${scope}ot_0003`);
    const aStack = await stream(`stack${tag}`);

    const deleted = await deleteTestStreams(natsUrl, `q${tag}ow`, { abandonedAfterMs: 1_000, scope });

    expect(deleted.sort()).toEqual([abandoned, ...own].sort());
    const left = await existing();
    expect(left).toEqual(expect.arrayContaining([anotherRun, aStack]));
    for (const name of [abandoned, ...own]) expect(left).not.toContain(name);
  });
});
