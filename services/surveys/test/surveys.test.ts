import { randomUUID } from 'node:crypto';

import { Role } from '@pm/identity';
import { parseEnvironment } from '@pm/runtime';
import { firstError, ok, startTestSubgraph, testIdentity, type TestSubgraph } from '@pm/testing';

import { startSurveys, surveysEnvironment } from '../src';

const CREATE = 'mutation($input: CreateSurveyInput!) { createSurvey(input: $input) { id title opensOn closesOn status categories } }';

describe('surveys subgraph', () => {
  let subgraph: TestSubgraph<Awaited<ReturnType<typeof startSurveys>>>;
  const propertyId = randomUUID();
  const supervisor = () => subgraph.as(testIdentity(Role.SUPERVISOR, { propertyIds: [propertyId] }));

  beforeAll(async () => {
    subgraph = await startTestSubgraph('surveys', (s) => parseEnvironment(surveysEnvironment, s), startSurveys);
  });
  afterAll(() => subgraph?.stop());

  it('supervisor: a survey is drafted with the eight default categories and listed newest window first', async () => {
    const { createSurvey } = ok(await supervisor()<{ createSurvey: Record<string, unknown> }>(CREATE, { input: { propertyId, title: '2026年下半年满意度调查', opensOn: '2026-07-01', closesOn: '2026-07-15' } }));
    expect(createSurvey).toMatchObject({ status: 'DRAFT', opensOn: '2026-07-01', closesOn: '2026-07-15' });
    expect(createSurvey.categories).toHaveLength(8);
    ok(await supervisor()(CREATE, { input: { propertyId, title: '2027年上半年', opensOn: '2027-01-15', closesOn: '2027-01-30', categories: ['REPAIR_SERVICE'] } }));
    const { surveys } = ok(await supervisor()<{ surveys: { totalCount: number; edges: { node: { title: string } }[] } }>(
      'query($p: ID!) { surveys(propertyId: $p) { totalCount edges { node { title } } } }', { p: propertyId },
    ));
    expect(surveys.edges.map((e) => e.node.title)).toEqual(['2027年上半年', '2026年下半年满意度调查']);
  });

  it('supervisor: a window that closes before it opens, or an impossible date, is BAD_USER_INPUT', async () => {
    expect(firstError(await supervisor()(CREATE, { input: { propertyId, title: 'x', opensOn: '2026-07-15', closesOn: '2026-07-01' } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'closesOn' });
    expect(firstError(await supervisor()(CREATE, { input: { propertyId, title: 'x', opensOn: '2026-02-30', closesOn: '2026-03-01' } })).code).toBe('BAD_USER_INPUT');
  });

  it('front desk: may not create surveys', async () => {
    const desk = subgraph.as(testIdentity(Role.FRONT_DESK, { propertyIds: [propertyId] }));
    expect(firstError(await desk(CREATE, { input: { propertyId, title: 'x', opensOn: '2026-07-01', closesOn: '2026-07-15' } })).code).toBe('FORBIDDEN');
  });
});
