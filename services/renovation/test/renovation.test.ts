import { randomUUID } from 'node:crypto';

import { Role } from '@pm/identity';
import { parseEnvironment } from '@pm/runtime';
import { announceTestUnit, eventually, firstError, ok, startTestSubgraph, testIdentity, type TestSubgraph } from '@pm/testing';

import { renovationEnvironment, startRenovation } from '../src';

const SUBMIT = 'mutation($input: SubmitRenovationInput!) { submitRenovation(input: $input) { id number status workItems selfBuild contractor { name } providedDocuments unit { id } } }';

describe('renovation subgraph', () => {
  let subgraph: TestSubgraph<Awaited<ReturnType<typeof startRenovation>>>;
  const contractor = { name: '美家装饰', licenseNo: '91420100MA4K000000', responsiblePerson: '周工', phone: '13907150000' };

  beforeAll(async () => {
    subgraph = await startTestSubgraph('renovation', (s) => parseEnvironment(renovationEnvironment, s), startRenovation);
  });
  afterAll(() => subgraph?.stop());

  const propertyId = randomUUID();
  /** A unit and its owner as residents announced them, once renovation's directories have them. */
  async function createTestUnit(property = propertyId): Promise<{ unitId: string; applicantId: string }> {
    const { unitId, ownerId } = await announceTestUnit(property);
    await eventually(async () => {
      const [row] = await subgraph.service.orm.em.getConnection().execute(
        'select 1 from unit_directory u join resident_directory r on r.unit_id = u.unit_id join property_directory p on p.property_id = u.property_id where u.unit_id = ?', [unitId]);
      if (!row) throw new Error('unit and owner not in the directories yet');
    });
    return { unitId, applicantId: ownerId };
  }

  it('front desk: an application with a contractor is SUBMITTED and listed on its unit', async () => {
    const { unitId, applicantId } = await createTestUnit();
    const desk = subgraph.as(testIdentity(Role.FRONT_DESK));
    const { submitRenovation } = ok(await desk<{ submitRenovation: Record<string, unknown> }>(SUBMIT, {
      input: { unitId, applicantId, workItems: ['FLOORING', 'PAINTING', 'FLOORING'], selfBuild: false, contractor, providedDocuments: ['FLOOR_PLAN'] },
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
    const base = { ...(await createTestUnit()), workItems: ['PAINTING'], selfBuild: false };
    expect(firstError(await desk(SUBMIT, { input: base }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contractor' });
    expect(firstError(await desk(SUBMIT, { input: { ...base, contractor: { ...contractor, phone: '123' } } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contractor.phone' });
  });

  it('resident: applies only for their own unit', async () => {
    const { unitId, applicantId } = await createTestUnit();
    const resident = subgraph.as(testIdentity(Role.RESIDENT, { residentId: randomUUID(), unitIds: [unitId] }));
    ok(await resident(SUBMIT, { input: { unitId, applicantId, workItems: ['PAINTING'], selfBuild: true } }));
    expect(firstError(await resident(SUBMIT, { input: { unitId: randomUUID(), applicantId: randomUUID(), workItems: ['PAINTING'], selfBuild: true } })).code).toBe('FORBIDDEN');
  });

  it('front desk of another property: may not file on, read or list its applications (issue 9)', async () => {
    const { unitId, applicantId } = await createTestUnit();
    const { submitRenovation } = ok(await subgraph.as(testIdentity(Role.FRONT_DESK, { propertyIds: [propertyId] }))<{ submitRenovation: { id: string } }>(SUBMIT, {
      input: { unitId, applicantId, workItems: ['PAINTING'], selfBuild: true },
    }));
    const stranger = subgraph.as(testIdentity(Role.FRONT_DESK, { propertyIds: [randomUUID()] }));
    expect(firstError(await stranger(SUBMIT, { input: { unitId, applicantId, workItems: ['PAINTING'], selfBuild: true } })).code).toBe('FORBIDDEN');
    expect(ok(await stranger('query($id: ID!) { renovation(id: $id) { id } }', { id: submitRenovation.id }))).toEqual({ renovation: null });
    expect(firstError(await stranger('query($p: ID!) { renovations(propertyId: $p) { totalCount } }', { p: propertyId })).code).toBe('FORBIDDEN');
    const { _entities } = ok(await stranger<{ _entities: unknown[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Unit { renovations { id } } ... on RenovationApplication { id } } }',
      { r: [{ __typename: 'Unit', id: unitId }, { __typename: 'RenovationApplication', id: submitRenovation.id }] },
    ));
    expect(_entities).toEqual([{ renovations: [] }, null]);
  });

  it('integrator: the contractor phone is masked; a unit renovation does not know, or an applicant of another property, is BAD_USER_INPUT naming it', async () => {
    const { unitId, applicantId } = await createTestUnit();
    const desk = subgraph.as(testIdentity(Role.FRONT_DESK));
    const { submitRenovation } = ok(await desk<{ submitRenovation: { id: string } }>(SUBMIT, { input: { unitId, applicantId, workItems: ['PAINTING'], selfBuild: false, contractor } }));
    const integrator = subgraph.as(testIdentity(Role.INTEGRATOR, { scopes: ['renovation:read'] }));
    expect(ok(await integrator('query($id: ID!) { renovation(id: $id) { contractor { phone } } }', { id: submitRenovation.id }))).toEqual({ renovation: { contractor: { phone: '139****0000' } } });
    expect(firstError(await desk(SUBMIT, { input: { unitId: randomUUID(), applicantId, workItems: ['PAINTING'], selfBuild: true } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unitId' });
    // An applicant of another property (or one renovation has never heard of) is refused by name.
    const elsewhere = await createTestUnit(randomUUID());
    expect(firstError(await desk(SUBMIT, { input: { unitId, applicantId: elsewhere.applicantId, workItems: ['PAINTING'], selfBuild: true } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'applicantId' });
    expect(firstError(await desk(SUBMIT, { input: { unitId, applicantId: randomUUID(), workItems: ['PAINTING'], selfBuild: true } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'applicantId' });
  });
});
