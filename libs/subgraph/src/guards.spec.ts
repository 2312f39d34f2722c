import { guardOf, type Identity, Role } from '@pm/identity';
import { buildSchema, graphql } from 'graphql';

import { applyGuards } from './guards';

interface UnitRow { id: string; propertyId: string }
const units: UnitRow[] = [{ id: 'u1', propertyId: 'p1' }, { id: 'u2', propertyId: 'p2' }];

function schemaFor() {
  const schema = buildSchema(`
    type Unit { id: ID! }
    type Query { units: [Unit!]! unit(id: ID!): Unit mustUnit(id: ID!): Unit! }
  `);
  const fields = schema.getQueryType()!.getFields();
  fields.units.resolve = () => units;
  fields.unit.resolve = async (_r, { id }) => units.find((u) => u.id === id) ?? null;
  fields.mustUnit.resolve = (_r, { id }) => units.find((u) => u.id === id);
  applyGuards(schema, { Unit: guardOf('Unit', (unit: UnitRow) => ({ propertyId: unit.propertyId, unitId: unit.id })) });
  return schema;
}

const desk: Identity = { kind: 'staff', sub: 's', name: 'desk', roles: [Role.FRONT_DESK], propertyIds: ['p1'] };
const run = (source: string, identity: Identity) => graphql({ schema: schemaFor(), source, contextValue: { identity } });

describe('type guards (the access policy wherever a type is reached)', () => {
  it('staff of one property: other properties’ units leave lists and answer null, or FORBIDDEN where null is not allowed', async () => {
    expect((await run('{ units { id } }', desk)).data).toEqual({ units: [{ id: 'u1' }] });
    expect((await run('{ unit(id: "u2") { id } }', desk)).data).toEqual({ unit: null });
    const forbidden = await run('{ mustUnit(id: "u2") { id } }', desk);
    expect(forbidden.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a resident sees their own unit only; an integrator needs the type’s scope', async () => {
    const resident: Identity = { kind: 'resident', sub: 'r', name: 'r', roles: [Role.RESIDENT], propertyIds: ['p1'], residentId: 'r1', unitIds: ['u2'] };
    expect((await run('{ units { id } }', resident)).data).toEqual({ units: [{ id: 'u2' }] });
    const integrator = (scopes: string[]): Identity => ({ kind: 'integrator', sub: 'k', name: 'k', roles: [Role.INTEGRATOR], propertyIds: ['*'], scopes });
    expect((await run('{ units { id } }', integrator(['tickets:read']))).data).toEqual({ units: [] });
    expect((await run('{ units { id } }', integrator(['residents:read']))).data).toEqual({ units: [{ id: 'u1' }, { id: 'u2' }] });
  });
});
