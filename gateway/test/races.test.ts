import { Role } from '@pm/identity';
import { eventually, ok, type GraphQLResponse } from '@pm/testing';

import { createTestProperty, createTestResident } from './factories';
import { startTestGraph, type TestGraph } from './graph';

const CONCURRENT = 20;

/** The codes (and reasons) of `responses`, counted: `{ ok: 1, 'CONFLICT ONE_SPACE_PER_HOUSEHOLD': 19 }`. */
function outcomes(responses: GraphQLResponse<unknown>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const response of responses) {
    const error = response.errors?.[0];
    const key = error ? [error.extensions?.code, error.extensions?.reason].filter(Boolean).join(' ') : 'ok';
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe('concurrent writes: exactly one wins, the others get the rule that stopped them (issue 9)', () => {
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph();
  }, 120_000);
  afterAll(() => graph?.stop());

  it(`parking desk: ${CONCURRENT} applications for one household alternating two lots give one live lease`, async () => {
    const { propertyId, units } = await createTestProperty(graph, 1);
    const owner = await createTestResident(graph, units[0].id, '车主');
    const supervisor = graph.as(Role.SUPERVISOR);
    const lots: string[] = [];
    for (const name of ['地面车位', '地下车库']) {
      const { createParkingLot } = ok(await supervisor<{ createParkingLot: { id: string } }>('mutation($input: CreateParkingLotInput!) { createParkingLot(input: $input) { id } }', {
        input: { propertyId, name, spaceCodes: ['P-001', 'P-002'] },
      }));
      lots.push(createParkingLot.id);
    }
    const desk = graph.as(Role.FRONT_DESK);
    const APPLY = 'mutation($input: ParkingApplicationInput!) { applyForParking(input: $input) { id status } }';
    const input = (lotId: string) => ({ lotId, unitId: units[0].id, holderId: owner.id, plate: '粤B12345', drivingLicenseHolder: '车主', term: 'MONTHLY' });
    // Parking learns of the owner from residents' event: wait until a dry probe says ONE_SPACE or succeeds.
    await eventually(async () => {
      const response = await desk(APPLY, { input: { ...input(lots[0]), unitId: units[0].id, holderId: '00000000-0000-4000-8000-000000000000' } });
      expect(response.errors?.[0]?.extensions?.reason).toBe('NOT_A_RESIDENT');
      const [row] = await graph.services.parking.orm.em.getConnection().execute('select 1 from unit_resident where resident_id = ?', [owner.id]);
      expect(row).toBeDefined();
    });
    const responses = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => desk(APPLY, { input: input(lots[i % 2]) })));
    expect(outcomes(responses)).toEqual({ ok: 1, 'CONFLICT ONE_SPACE_PER_HOUSEHOLD': CONCURRENT - 1 });
  });

  it(`supervisor: ${CONCURRENT} buildings of one name give one building`, async () => {
    const { propertyId } = await createTestProperty(graph, 1);
    const supervisor = graph.as(Role.SUPERVISOR);
    const responses = await Promise.all(Array.from({ length: CONCURRENT }, () =>
      supervisor('mutation($input: AddBuildingInput!) { addBuilding(input: $input) { id } }', { input: { propertyId, name: '9栋' } })));
    expect(outcomes(responses)).toEqual({ ok: 1, 'CONFLICT BUILDING_NAME_TAKEN': CONCURRENT - 1 });
  });

  it(`supervisor: ${CONCURRENT} additions of the same unit code give one unit`, async () => {
    const { buildingId } = await createTestProperty(graph, 1);
    const supervisor = graph.as(Role.SUPERVISOR);
    const responses = await Promise.all(Array.from({ length: CONCURRENT }, () =>
      supervisor('mutation($input: AddUnitsInput!) { addUnits(input: $input) { id } }', { input: { buildingId, units: [{ code: '1-9-901', floor: 9, usage: 'HOME' }] } })));
    expect(outcomes(responses)).toEqual({ ok: 1, 'CONFLICT UNIT_CODE_TAKEN': CONCURRENT - 1 });
  });

  it(`supervisor: ${CONCURRENT} imports of the same file create its units once`, async () => {
    const { propertyId } = await createTestProperty(graph, 1);
    const csv = ['building,unit,floor,usage,occupancy,resident_name,resident_kind,phone,id_number', '8栋,8-1-101,1,,,王业主,OWNER,13800001111,'].join('\n');
    const supervisor = graph.as(Role.SUPERVISOR);
    const responses = await Promise.all(Array.from({ length: CONCURRENT }, () =>
      supervisor<{ importResidents: { ok: boolean } }>('mutation($p: ID!, $csv: String!) { importResidents(propertyId: $p, csv: $csv) { ok } }', { p: propertyId, csv })));
    const internal = responses.filter((r) => r.errors?.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR'));
    expect(internal).toEqual([]);
    const { unitByCode } = ok(await supervisor<{ unitByCode: { residents: unknown[] } | null }>(
      'query($p: ID!) { unitByCode(propertyId: $p, code: "8-1-101") { residents { name } } }', { p: propertyId },
    ));
    expect(unitByCode?.residents).toEqual([{ name: '王业主' }]);
  });

  it(`supervisor: ${CONCURRENT} edits of one catalogue item never fail as internal errors`, async () => {
    const { propertyId } = await createTestProperty(graph, 1);
    const supervisor = graph.as(Role.SUPERVISOR);
    const responses = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) =>
      supervisor('mutation($input: ServiceItemInput!) { setServiceItem(input: $input) { priceFen } }', { input: { propertyId, code: 'S42', priceFen: 2000 + i } })));
    const counts = outcomes(responses);
    expect(Object.keys(counts).filter((k) => k !== 'ok' && k !== 'CONFLICT CONCURRENT_UPDATE')).toEqual([]);
    expect(counts.ok).toBeGreaterThanOrEqual(1);
  });
});
