import { Role } from '@pm/identity';
import { ok } from '@pm/testing';
import fc from 'fast-check';
import { buildClientSchema, getIntrospectionQuery, type GraphQLSchema, type IntrospectionQuery, isNonNullType } from 'graphql';

import { createFixtures, operationFor, type Pools, valueArbitrary } from './arbitraries';
import { startTestGraph, type TestGraph } from './graph';

/** Cases per mutation: 100 in CI, more with FUZZ_RUNS=1000 npm test -- --projects gateway. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
/** The same cases on every run unless FUZZ_SEED says otherwise (a number, or `random`); a failure prints its seed. */
const SEED = process.env.FUZZ_SEED === 'random' ? Date.now() : Number(process.env.FUZZ_SEED ?? 20261122);

describe('fuzzing every mutation through the gateway (issue 9)', () => {
  let graph: TestGraph;
  let schema: GraphQLSchema;
  const pools = {} as Pools;

  beforeAll(async () => {
    graph = await startTestGraph();
    const { __schema } = ok(await graph.as(Role.PROJECT_MANAGER)<IntrospectionQuery>(getIntrospectionQuery()));
    schema = buildClientSchema({ __schema } as IntrospectionQuery);
    Object.assign(pools, await createFixtures(graph));
  }, 120_000);
  afterAll(() => graph?.stop());

  /** Events written by the caller `sub`, in every service's outbox. */
  async function writtenBy(sub: string): Promise<number> {
    let total = 0;
    for (const service of Object.values(graph.services)) {
      const [row] = await service.orm.em.getConnection().execute<{ n: string }[]>("select count(*) as n from outbox where envelope->>'actor' in (?, ?)", [sub, `Fuzz ${sub}`]);
      total += Number(row.n);
    }
    return total;
  }

  it('no mutation answers INTERNAL_SERVER_ERROR or a 500, and a refused one writes nothing', async () => {
    const mutations = Object.values(schema.getMutationType()!.getFields());
    expect(mutations.length).toBeGreaterThan(20);
    let call = 0;
    const summary: Record<string, { ok: number; refused: number }> = {};
    for (const field of mutations) {
      const query = operationFor(field);
      const context = { pools, mutation: field.name };
      const args = fc.record(Object.fromEntries(field.args.map((arg) => [arg.name, valueArbitrary(arg.type, arg.name, context)])), {
        requiredKeys: field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined).map((a) => a.name),
      });
      const tally = (summary[field.name] = { ok: 0, refused: 0 });
      await fc.assert(
        fc.asyncProperty(args, async (variables) => {
          call += 1;
          const sub = `fuzz-${call}`;
          const response = await graph.as(Role.PROJECT_MANAGER, { sub, name: `Fuzz ${sub}` })(query, variables as Record<string, unknown>);
          const internal = (response.errors ?? []).filter((e) => !e.extensions?.code || e.extensions.code === 'INTERNAL_SERVER_ERROR');
          if (response.status >= 500 || internal.length) {
            throw new Error(`${field.name} answered ${response.status} ${JSON.stringify(response.errors)} to ${JSON.stringify(variables).slice(0, 2000)}`);
          }
          const refused = !response.data || (response.data as Record<string, unknown>)[field.name] == null;
          if (refused) {
            tally.refused += 1;
            const written = await writtenBy(sub);
            if (written) throw new Error(`${field.name} was refused (${JSON.stringify(response.errors)}) but wrote ${written} event(s)`);
          } else tally.ok += 1;
        }),
        { numRuns: RUNS, endOnFailure: true, seed: SEED },
      );
    }
    // Some cases of most mutations must get through, or the fuzz only tests the front door.
    process.stdout.write(`fuzz: ${call} mutations sent (seed ${SEED})\n${Object.entries(summary).map(([name, t]) => `  ${name.padEnd(28)} ok ${t.ok}, refused ${t.refused}`).join('\n')}\n`);
  }, 30 * 60_000);
});
