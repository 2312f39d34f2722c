import { randomUUID } from 'node:crypto';

import { Role } from '@pm/identity';
import { parseEnvironment } from '@pm/runtime';
import { firstError, ok, startTestSubgraph, testIdentity, type TestSubgraph } from '@pm/testing';

import { renovationEnvironment, startRenovation } from '../src';

const SUBMIT = 'mutation($input: SubmitRenovationInput!) { submitRenovation(input: $input) { id number status workItems selfBuild contractor { name } providedDocuments unit { id } } }';

describe('renovation subgraph', () => {
  let subgraph: TestSubgraph<Awaited<ReturnType<typeof startRenovation>>>;
  const contractor = { name: '美家装饰', licenseNo: '91420100MA4K000000', responsiblePerson: '周工', phone: '13907150000' };

  beforeAll(async () => {
    subgraph = await startTestSubgraph('renovation', (s) => parseEnvironment(renovationEnvironment, s), startRenovation);
  });
  afterAll(() => subgraph?.stop());

  it('front desk: an application with a contractor is SUBMITTED and listed on its unit', async () => {
    const unitId = randomUUID();
    const desk = subgraph.as(testIdentity(Role.FRONT_DESK));
    const { submitRenovation } = ok(await desk<{ submitRenovation: Record<string, unknown> }>(SUBMIT, {
      input: { unitId, applicantId: randomUUID(), workItems: ['FLOORING', 'PAINTING', 'FLOORING'], selfBuild: false, contractor, providedDocuments: ['FLOOR_PLAN'] },
    }));
    expect(submitRenovation).toMatchObject({
      number: expect.stringMatching(/^ZX-\d{8}-\d{5}$/), status: 'SUBMITTED', workItems: ['FLOORING', 'PAINTING'], contractor: { name: '美家装饰' }, providedDocuments: ['FLOOR_PLAN'], unit: { id: unitId },
    });
    const { _entities } = ok(await desk<{ _entities: { renovations: { status: string }[] }[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Unit { renovations { status } } } }', { r: [{ __typename: 'Unit', id: unitId }] },
    ));
    expect(_entities).toEqual([{ renovations: [{ status: 'SUBMITTED' }] }]);
  });

  it('front desk: without a contractor and not self-build is BAD_USER_INPUT on contractor; a bad contractor phone names it', async () => {
    const desk = subgraph.as(testIdentity(Role.FRONT_DESK));
    const base = { unitId: randomUUID(), applicantId: randomUUID(), workItems: ['PAINTING'], selfBuild: false };
    expect(firstError(await desk(SUBMIT, { input: base }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contractor' });
    expect(firstError(await desk(SUBMIT, { input: { ...base, contractor: { ...contractor, phone: '123' } } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contractor.phone' });
  });

  it('resident: applies only for their own unit', async () => {
    const unitId = randomUUID();
    const resident = subgraph.as(testIdentity(Role.RESIDENT, { residentId: randomUUID(), unitIds: [unitId] }));
    ok(await resident(SUBMIT, { input: { unitId, applicantId: randomUUID(), workItems: ['PAINTING'], selfBuild: true } }));
    expect(firstError(await resident(SUBMIT, { input: { unitId: randomUUID(), applicantId: randomUUID(), workItems: ['PAINTING'], selfBuild: true } })).code).toBe('FORBIDDEN');
  });
});
