import { randomUUID } from 'node:crypto';

import { Events } from '@pm/events';

import { type GraphQLResponse, ok } from './client';
import { publishTestEvent } from './events';

/** A GraphQL client as a test holds it: the gateway or a subgraph, as some caller. */
export type TestCaller = <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) => Promise<GraphQLResponse<T>>;

let sequence = 0;

/**
 * A property with one building and `unitCount` units (codes `1-1-101`, …), created by `manager` (a
 * project manager); by default a RESIDENTIAL property of HOME units.
 */
export async function createTestProperty(manager: TestCaller, unitCount = 3, occupancy = 'OWNER_OCCUPIED', { kind = 'RESIDENTIAL', usage = 'HOME' }: { kind?: string; usage?: string } = {}) {
  sequence += 1;
  const { createProperty } = ok(await manager<{ createProperty: { id: string } }>(
    'mutation($input: CreatePropertyInput!) { createProperty(input: $input) { id } }',
    { input: { name: `测试花园 ${sequence} ${randomUUID().slice(0, 8)}`, kind } },
  ));
  const { addBuilding } = ok(await manager<{ addBuilding: { id: string } }>(
    'mutation($input: AddBuildingInput!) { addBuilding(input: $input) { id } }',
    { input: { propertyId: createProperty.id, name: '1栋' } },
  ));
  const units = Array.from({ length: unitCount }, (_, i) => ({ code: `1-1-${101 + i}`, floor: 1, usage, occupancy }));
  const { addUnits } = ok(await manager<{ addUnits: { id: string; code: string }[] }>(
    'mutation($input: AddUnitsInput!) { addUnits(input: $input) { id code } }',
    { input: { buildingId: addBuilding.id, units } },
  ));
  return { propertyId: createProperty.id, buildingId: addBuilding.id, units: addUnits };
}

/** Registers a resident of a unit (`desk`: the front desk), phone 13812345678. */
export async function createTestResident(desk: TestCaller, unitId: string, name = '张三', kind = 'OWNER') {
  const { registerResident } = ok(await desk<{ registerResident: { id: string } }>(
    'mutation($input: RegisterResidentInput!) { registerResident(input: $input) { id } }',
    { input: { unitId, kind, name, phone: '13812345678', ownerConsent: kind === 'TENANT' } },
  ));
  return registerResident;
}

/**
 * A unit and its owner as residents announces them (`property.created`, `unit.added`, `resident.registered`), for a
 * service under test that keeps read-models of them; returns their ids.
 */
export async function announceTestUnit(propertyId: string, options: { usage?: string; ownerKind?: string; propertyKind?: string } = {}) {
  const unitId = randomUUID();
  const ownerId = randomUUID();
  // The property too (read-models keep its kind); announcing it again is harmless, handlers upsert.
  await publishTestEvent(Events.propertyCreated, { propertyId, name: `测试花园 ${propertyId.slice(0, 8)}`, kind: options.propertyKind ?? 'RESIDENTIAL' }, propertyId);
  await publishTestEvent(Events.unitAdded, { unitId, propertyId, buildingId: randomUUID(), code: `1-1-${unitId.slice(0, 4)}`, usage: options.usage ?? 'HOME', occupancy: 'VACANT' }, unitId);
  await publishTestEvent(Events.residentRegistered, { residentId: ownerId, unitId, propertyId, kind: options.ownerKind ?? 'OWNER', active: true }, ownerId);
  return { unitId, ownerId };
}
