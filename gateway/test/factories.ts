import { Role } from '@pm/identity';
import { ok } from '@pm/testing';

import { type TestGraph } from './graph';

let sequence = 0;

/** A property with one building and `unitCount` units (codes `1-1-101`, …), created through the gateway. */
export async function createTestProperty(graph: TestGraph, unitCount = 3, occupancy = 'OWNER_OCCUPIED') {
  const manager = graph.as(Role.PROJECT_MANAGER);
  sequence += 1;
  const { createProperty } = ok(await manager<{ createProperty: { id: string } }>(
    'mutation($input: CreatePropertyInput!) { createProperty(input: $input) { id } }',
    { input: { name: `测试花园 ${sequence} ${Date.now()}`, kind: 'RESIDENTIAL' } },
  ));
  const { addBuilding } = ok(await manager<{ addBuilding: { id: string } }>(
    'mutation($input: AddBuildingInput!) { addBuilding(input: $input) { id } }',
    { input: { propertyId: createProperty.id, name: '1栋' } },
  ));
  const units = Array.from({ length: unitCount }, (_, i) => ({ code: `1-1-${101 + i}`, floor: 1, usage: 'HOME', occupancy }));
  const { addUnits } = ok(await manager<{ addUnits: { id: string; code: string }[] }>(
    'mutation($input: AddUnitsInput!) { addUnits(input: $input) { id code } }',
    { input: { buildingId: addBuilding.id, units } },
  ));
  return { propertyId: createProperty.id, buildingId: addBuilding.id, units: addUnits };
}

/** Registers a resident of a unit through the gateway. */
export async function createTestResident(graph: TestGraph, unitId: string, name = '张三', kind = 'OWNER') {
  const { registerResident } = ok(await graph.as(Role.FRONT_DESK)<{ registerResident: { id: string } }>(
    'mutation($input: RegisterResidentInput!) { registerResident(input: $input) { id } }',
    { input: { unitId, kind, name, phone: '13812345678', ownerConsent: kind === 'TENANT' } },
  ));
  return registerResident;
}
