import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { type Identity, Role } from '@pm/identity';
import { buildSchema, type FieldNode, Kind, parse } from 'graphql';

import { BATCH_SIZES, batchSize } from './live-boards';
import { narrowToProperty, onlyRoleBlindFields, reachesPersonalData, ResolutionCache, visibilityKey } from './ticket-changes';

const staff = (sub: string, roles: Role[], propertyIds: string[]): Identity => ({ kind: 'staff', sub, name: sub, roles, propertyIds });

describe('visibilityKey: boards that see the same share one resolution per change', () => {
  it('desk staff of the same properties and roles share, whoever they are and in whatever order their claims come', () => {
    expect(visibilityKey(staff('wang', [Role.FRONT_DESK], ['p1', 'p2']))).toBe(visibilityKey(staff('li', [Role.FRONT_DESK], ['p2', 'p1'])));
  });

  it('another property, another role or an API key’s scopes make another visibility', () => {
    const desk = visibilityKey(staff('wang', [Role.FRONT_DESK], ['p1']));
    expect(visibilityKey(staff('zhao', [Role.FRONT_DESK], ['p2']))).not.toBe(desk);
    expect(visibilityKey(staff('zhao', [Role.ENGINEER], ['p1']))).not.toBe(desk);
    expect(visibilityKey({ kind: 'integrator', sub: 'k1', name: 'erp', roles: [Role.INTEGRATOR], propertyIds: ['p1'], scopes: ['tickets:read'] }))
      .not.toBe(visibilityKey({ kind: 'integrator', sub: 'k2', name: 'erp', roles: [Role.INTEGRATOR], propertyIds: ['p1'], scopes: ['tickets:read', 'residents:read'] }));
  });

  it('each resident, and each project manager (whose unmasked reads are audited by name), is resolved as themselves', () => {
    const resident = (residentId: string): Identity => ({ kind: 'resident', sub: residentId, name: residentId, roles: [Role.RESIDENT], propertyIds: ['p1'], residentId, unitIds: ['u1'] });
    expect(visibilityKey(resident('r1'))).not.toBe(visibilityKey(resident('r2')));
    expect(visibilityKey(staff('chen', [Role.PROJECT_MANAGER], ['*']))).not.toBe(visibilityKey(staff('zhou', [Role.PROJECT_MANAGER], ['*'])));
  });
});

describe('narrowToProperty: a caller as they stand to one ticket', () => {
  it('keeps only the ticket’s property, so staff of several properties share with those of that one', () => {
    const both = narrowToProperty(staff('wang', [Role.FRONT_DESK], ['p1', 'p2']), 'p1');
    expect(both.propertyIds).toEqual(['p1']);
    expect(visibilityKey(both)).toBe(visibilityKey(staff('li', [Role.FRONT_DESK], ['p1'])));
  });

  it('never gives access: a caller of other properties is left with none, an all-properties caller as they are', () => {
    expect(narrowToProperty(staff('zhao', [Role.FRONT_DESK], ['p2']), 'p1').propertyIds).toEqual([]);
    expect(narrowToProperty(staff('chen', [Role.PROJECT_MANAGER], ['*']), 'p1').propertyIds).toEqual(['*']);
  });
});

describe('ResolutionCache', () => {
  it('loads once per change and key, and forgets the oldest changes beyond its size', async () => {
    const cache = new ResolutionCache(2);
    let loads = 0;
    const load = async () => ++loads;
    const desk = cache.idOf('desk|query');
    expect(cache.idOf('desk|query')).toBe(desk);
    expect(cache.idOf('owner|query')).not.toBe(desk);
    await cache.get(1, desk, load);
    await cache.get(1, desk, load);
    await cache.get(2, desk, load);
    expect(loads).toBe(2);
    await cache.get(3, desk, load);
    await cache.get(1, desk, load); // change 1 was forgotten: loaded again
    expect(loads).toBe(4);
  });
});

describe('ResolutionCache ids', () => {
  it('are never handed out again for another key, even after old ones are forgotten', () => {
    const cache = new ResolutionCache(10, 2);
    const first = cache.idOf('staff of p1');
    cache.idOf('staff of p2');
    const after = cache.idOf('resident r9'); // the third key: the first two are forgotten
    expect(after).not.toBe(first);
    expect(cache.idOf('staff of p1')).not.toBe(first); // a new id, not the old one reused
  });
});

describe('boards whose selection answers every staff role alike', () => {
  const schema = buildSchema(readFileSync(join(__dirname, '../../schema.graphql'), 'utf8'));
  const judge = (query: string) => {
    const document = parse(query);
    const fragments = Object.fromEntries(document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
    const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
    const ticket = operation.selectionSet.selections[0] as FieldNode;
    const info = { schema, fragments };
    return {
      sameForEveryStaffRole: onlyRoleBlindFields(info, schema.getType('Ticket'), ticket.selectionSet!.selections),
      reachesPersonalData: reachesPersonalData(info, schema.getType('Ticket'), ticket.selectionSet!.selections),
    };
  };
  const sameForEveryRole = (query: string) => judge(query).sameForEveryStaffRole;
  const roleBlind = { sameForEveryStaffRole: true, reachesPersonalData: false };
  const roleBlindWithPhones = { sameForEveryStaffRole: true, reachesPersonalData: true };

  it('are told apart by every field they reach, through nested objects and fragments', () => {
    expect(sameForEveryRole('{ ticket(id: "t") { number status unit { code building { name property { name } } } reporter { name phone } sla { breached } } }')).toBe(true);
    expect(sameForEveryRole('{ ticket(id: "t") { ...board __typename } } fragment board on Ticket { number history { to at } ... on Ticket { callback { late } } }')).toBe(true);
    // A role-checked field anywhere in the selection (Unit.occupancyHistory answers only some roles).
    expect(sameForEveryRole('{ ticket(id: "t") { number unit { occupancyHistory { id } } } }')).toBe(false);
    expect(sameForEveryRole('{ ticket(id: "t") { ...board } } fragment board on Ticket { deadlineExtensions { id } }')).toBe(false);
    // A field with arguments, or one not listed, is resolved per role.
    expect(sameForEveryRole('{ ticket(id: "t") { unit { residents(activeOnly: false) { name } } } }')).toBe(false);
    expect(sameForEveryRole('{ ticket(id: "t") { reporter { idNumber } } }')).toBe(false);
  });

  it('reach personal data wherever a listed field is selected: on the ticket, on its reporter, through fragments', () => {
    expect(judge('{ ticket(id: "t") { number status unit { code } reporter { name } } }').reachesPersonalData).toBe(false);
    expect(judge('{ ticket(id: "t") { number contactPhone } }').reachesPersonalData).toBe(true);
    expect(judge('{ ticket(id: "t") { reporter { name phone } } }').reachesPersonalData).toBe(true);
    expect(judge('{ ticket(id: "t") { ...board } } fragment board on Ticket { ... on Ticket { reporter { ...person } } } fragment person on Resident { phone }').reachesPersonalData).toBe(true);
    expect(judge('{ ticket(id: "t") { ...missing } }').reachesPersonalData).toBe(true);
  });

  it('share one visibility among staff of any role at the property, never with another property', () => {
    const desk = visibilityKey(staff('wang', [Role.FRONT_DESK], ['p1']), roleBlind);
    expect(visibilityKey(staff('zhao', [Role.ENGINEER], ['p1']), roleBlind)).toBe(desk);
    expect(visibilityKey(staff('qian', [Role.SECURITY, Role.SUPERVISOR], ['p1']), roleBlind)).toBe(desk);
    expect(visibilityKey(staff('sun', [Role.FRONT_DESK], ['p2']), roleBlind)).not.toBe(desk);
    // Without such a selection, roles count as before.
    expect(visibilityKey(staff('zhao', [Role.ENGINEER], ['p1']))).not.toBe(visibilityKey(staff('wang', [Role.FRONT_DESK], ['p1'])));
  });

  it('share it with a project manager when they reach no personal data; with phones, each manager is resolved (and audited) as themselves', () => {
    expect(visibilityKey(staff('chen', [Role.PROJECT_MANAGER], ['p1']), roleBlind)).toBe(visibilityKey(staff('wang', [Role.FRONT_DESK], ['p1']), roleBlind));
    const withPhones = (who: Identity) => visibilityKey(who, roleBlindWithPhones);
    expect(withPhones(staff('wang', [Role.FRONT_DESK], ['p1']))).toBe(withPhones(staff('zhao', [Role.ENGINEER], ['p1'])));
    expect(withPhones(staff('chen', [Role.PROJECT_MANAGER], ['p1']))).not.toBe(withPhones(staff('wang', [Role.FRONT_DESK], ['p1'])));
    expect(withPhones(staff('chen', [Role.PROJECT_MANAGER], ['p1']))).not.toBe(withPhones(staff('zhou', [Role.PROJECT_MANAGER], ['p1'])));
    // A selection that is not role-blind may hold personal data beyond the listed fields (an ID number): managers never share it.
    const perRole = { sameForEveryStaffRole: false, reachesPersonalData: false };
    expect(visibilityKey(staff('chen', [Role.PROJECT_MANAGER], ['p1']), perRole)).not.toBe(visibilityKey(staff('zhou', [Role.PROJECT_MANAGER], ['p1']), perRole));
  });
});

describe('batchSize: the operation sizes changes are resolved in', () => {
  it('holds every batch in the smallest of a few sizes, so each selection has a few query plans, not one per count', () => {
    for (let count = 1; count <= BATCH_SIZES.at(-1)!; count++) {
      const size = batchSize(count);
      expect(BATCH_SIZES).toContain(size);
      expect(size).toBeGreaterThanOrEqual(count);
      expect(BATCH_SIZES.filter((s) => s >= count && s < size)).toEqual([]);
    }
    expect(BATCH_SIZES.length).toBeLessThanOrEqual(6);
  });
});
