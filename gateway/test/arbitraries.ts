/** Generated inputs for every mutation of the graph, over fixtures of one property (fuzz and policy tests). */
import { Role } from '@pm/identity';
import { eventually, ok } from '@pm/testing';
import fc from 'fast-check';
import { getNamedType, getNullableType, type GraphQLField, type GraphQLInputType, isEnumType, isInputObjectType, isListType, isNonNullType, isObjectType, isScalarType } from 'graphql';

import { createTestProperty, createTestResident } from './factories';
import { type TestGraph } from './graph';

/** Strings an attacker or a sloppy integration sends. */
export const NASTY_STRINGS = [
  '', ' ', '   \t  ', '\u0000', 'abc\u0000def', '\u0007bell', 'line\nbreak', 'x'.repeat(10_000), '😀🏠🔧', '𠮷野家', '\u202Eevil', "'; drop table ticket; --",
  '<script>alert(1)</script>', '=HYPERLINK("http://x")', '%', '_', '\\', 'not-a-uuid', '00000000-0000-0000-0000-000000000000', '2027-02-30', 'tomorrow',
  '13812345678', '4866', '420101199001011234', 'null', 'undefined', '-1', '1e309', 'ＡＢＣ',
];

/** Fixture ids by kind, so most generated ids name something real of the right kind. */
export type Pools = Record<'property' | 'building' | 'unit' | 'resident' | 'ticket' | 'lot' | 'renovation' | 'survey' | 'any', string[]>;

/** Well-formed text by field name: what a real client sends there. */
const REALISTIC: Record<string, string[]> = {
  phone: ['13812345678', '0755-12345678'], idNumber: ['420101199001011237', '11010519491231002X'], plate: ['粤B12345', '京AD12345', '粤B1234'],
  code: ['1-1-101', '2-3-1201'], month: ['2026-11', '2026-13'], csv: ['building,unit,floor,usage\n1栋,1-1-901,9,HOME\n'], name: ['张三', '1栋', '地下车库'],
  title: ['厨房水管漏水', '2026年下半年满意度调查'], receiptNo: ['SK-0001'], licenseNo: ['91420100MA4K000000'], spaceCodes: ['B1-001'],
};

function stringArbitrary(name: string, wellFormed = false): fc.Arbitrary<string> {
  const realistic = fc.constantFrom(...(REALISTIC[name] ?? ['厨房水管漏水', '张三', '1-1-101', 'S40', '美家装饰']));
  if (wellFormed) return realistic;
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...(REALISTIC[name] ?? ['厨房水管漏水', '张三', '1-1-101', 'S40', '美家装饰'])) },
    { weight: 2, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  );
}

/** Which fixtures an id argument most likely names, from its name (and, for a bare `id`, the mutation's). */
function poolFor(name: string, mutation: string, pools: Pools): string[] {
  const byName: Record<string, keyof Pools> = {
    propertyId: 'property', buildingId: 'building', unitId: 'unit', hostUnitId: 'unit', unitIds: 'unit', residentId: 'resident', reporterId: 'resident',
    holderId: 'resident', applicantId: 'resident', lotId: 'lot', leaseId: 'any', surveyId: 'survey', ticketId: 'ticket',
  };
  if (byName[name]) return pools[byName[name]];
  if (/Ticket|Complaint|Callback/.test(mutation)) return pools.ticket;
  if (/Renovation/.test(mutation)) return pools.renovation;
  if (/Survey/.test(mutation)) return pools.survey;
  return pools.any;
}

export interface Context {
  /** Only well-formed values (for calls that should be refused for who makes them, not for what they send). */
  wellFormed?: boolean;
  pools: Pools;
  mutation: string;
}

function scalarArbitrary(scalar: string, name: string, context: Context): fc.Arbitrary<unknown> {
  switch (scalar) {
    case 'ID':
      return fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom(...poolFor(name, context.mutation, context.pools)) },
        { weight: context.wellFormed ? 0 : 1, arbitrary: fc.constantFrom(...context.pools.any) },
        { weight: context.wellFormed ? 0 : 1, arbitrary: fc.uuid() },
        { weight: context.wellFormed ? 0 : 1, arbitrary: stringArbitrary(name) },
      );
    case 'Int':
      return fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }), fc.constantFrom(-1, 0, 1, 2, 50, 2_147_483_647, -2_147_483_648));
    case 'Float':
      return fc.oneof(fc.double({ min: 0, max: 10_000, noNaN: true }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(-1, 0, 1e308, 0.5));
    case 'Boolean':
      return fc.boolean();
    case 'DateTime':
      return fc.oneof(
        { weight: 4, arbitrary: fc.date({ min: new Date('2026-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }).map((d) => d.toISOString()) },
        { weight: 1, arbitrary: fc.constantFrom('2027-02-30T10:00:00Z', 'tomorrow', '', '2026-13-01T00:00:00Z', '2026-11-22', '9999-12-31T23:59:59Z', '0001-01-01T00:00:00Z') },
      );
    case 'Date':
      return fc.oneof(
        { weight: 4, arbitrary: fc.date({ min: new Date('2026-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
        { weight: 1, arbitrary: fc.constantFrom('2027-02-30', 'tomorrow', '', '2026-1-1', '2026-11', '0000-01-01') },
      );
    default:
      return stringArbitrary(name, context.wellFormed);
  }
}

/** A value for `type`: mostly well-typed (so it reaches the resolvers), now and then of the wrong type entirely. */
export function valueArbitrary(type: GraphQLInputType, name: string, context: Context, depth = 0): fc.Arbitrary<unknown> {
  const inner = getNullableType(type) as GraphQLInputType;
  let arbitrary: fc.Arbitrary<unknown>;
  if (isListType(inner)) arbitrary = fc.array(valueArbitrary(inner.ofType, name, context, depth + 1), { minLength: 0, maxLength: depth > 1 ? 1 : 3 });
  else if (isInputObjectType(inner)) {
    const fields = Object.values(inner.getFields());
    const shape = Object.fromEntries(fields.map((field) => [field.name, valueArbitrary(field.type, field.name, context, depth + 1)]));
    arbitrary = fc.record(shape, { requiredKeys: fields.filter((f) => isNonNullType(f.type) && f.defaultValue === undefined).map((f) => f.name) });
  } else if (isEnumType(inner)) arbitrary = fc.constantFrom(...inner.getValues().map((v) => v.value as string));
  else if (isScalarType(inner)) arbitrary = scalarArbitrary(inner.name, name, context);
  else arbitrary = fc.constant(null);
  const wrongType = fc.constantFrom<unknown>(42, 'text', true, [], {}, -1.5);
  if (context.wellFormed) return arbitrary;
  return fc.oneof({ weight: 40, arbitrary }, { weight: 1, arbitrary: wrongType }, { weight: isNonNullType(type) ? 0 : 2, arbitrary: fc.constant(null) });
}

/** `mutation($a: T!, …) { field(a: $a, …) { <first scalar field or __typename> } }` */
export function operationFor(field: GraphQLField<unknown, unknown>): string {
  const variables = field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const args = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const named = getNamedType(field.type);
  const selection = isObjectType(named) ? ' { __typename }' : '';
  return `mutation${variables ? `(${variables})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
}

/** One of everything, for generated ids to name. */
export async function createFixtures(graph: TestGraph): Promise<Pools> {
  const { propertyId, buildingId, units } = await createTestProperty(graph, 3);
  const resident = await createTestResident(graph, units[0].id);
  const manager = graph.as(Role.PROJECT_MANAGER);
  const { openTicket } = ok(await manager<{ openTicket: { id: string } }>('mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }', {
    input: { propertyId, kind: 'COMPLAINT', channel: 'PHONE', title: '噪音投诉', unitId: units[0].id, reporterId: resident.id },
  }));
  const { createParkingLot } = ok(await manager<{ createParkingLot: { id: string } }>('mutation($input: CreateParkingLotInput!) { createParkingLot(input: $input) { id } }', {
    input: { propertyId, name: '地下车库', spaceCodes: ['B1-001', 'B1-002'] },
  }));
  const { createSurvey } = ok(await manager<{ createSurvey: { id: string } }>('mutation($input: CreateSurveyInput!) { createSurvey(input: $input) { id } }', {
    input: { propertyId, title: '满意度调查', opensOn: '2026-07-01', closesOn: '2026-07-15' },
  }));
  const { submitRenovation } = await eventually(async () => ok(await manager<{ submitRenovation: { id: string } }>(
    'mutation($input: SubmitRenovationInput!) { submitRenovation(input: $input) { id } }',
    { input: { unitId: units[0].id, applicantId: resident.id, workItems: ['PAINTING'], selfBuild: true } },
  )));
  const pools: Pools = {
    property: [propertyId], building: [buildingId], unit: units.map((u) => u.id), resident: [resident.id], ticket: [openTicket.id],
    lot: [createParkingLot.id], renovation: [submitRenovation.id], survey: [createSurvey.id], any: [],
  };
  pools.any = Object.values(pools).flat();
  return pools;
}

