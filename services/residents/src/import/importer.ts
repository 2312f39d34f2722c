import { Events, recordEvent } from '@pm/events';
import { isValidIdNumber, PHONE_PATTERN } from '@pm/graphql';
import { type UseCaseContext } from '@pm/subgraph';

import { Building, Estate } from '../property/property.entity';
import { Resident, ResidentKind } from '../resident/resident.entity';
import { OccupancyStatus, Unit, UnitUsage } from '../unit/unit.entity';
import { parseCsv } from './csv';

/** The columns of an import file, in any order; `building`, `unit` and `floor` are required. */
export const IMPORT_COLUMNS = ['building', 'unit', 'floor', 'usage', 'occupancy', 'resident_name', 'resident_kind', 'phone', 'id_number'] as const;
type Column = (typeof IMPORT_COLUMNS)[number];

export interface ImportProblem {
  line: number;
  column: string | null;
  message: string;
}

export interface ImportResult {
  ok: boolean;
  /** Every problem found (nothing is written when there is any). */
  problems: ImportProblem[];
  rows: number;
  buildingsCreated: number;
  unitsCreated: number;
  residentsCreated: number;
  dryRun: boolean;
  ms: number;
}

export type ImportProgress = (stage: 'validate' | 'write', done: number, total: number) => void;

interface UnitRow {
  line: number;
  building: string;
  code: string;
  floor: number;
  usage: UnitUsage;
  occupancy: OccupancyStatus;
  residents: { line: number; name: string; kind: ResidentKind; phone: string | null; idNumber: string | null }[];
}

const UNIT_CODE = /^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/;
const enumValue = <E extends string>(values: Record<string, E>, raw: string, fallback: E): E | null =>
  raw === '' ? fallback : ((Object.values(values) as string[]).includes(raw.toUpperCase()) ? (raw.toUpperCase() as E) : null);

/** Parses and checks every row; returns the units to write, or every problem with its line number. */
export function validateImport(text: string, existingCodes: Set<string>, progress: ImportProgress = () => undefined): { units: UnitRow[]; problems: ImportProblem[]; rows: number } {
  const problems: ImportProblem[] = [];
  const records = parseCsv(text);
  if (!records.length) return { units: [], problems: [{ line: 1, column: null, message: 'the file is empty' }], rows: 0 };
  const [header, ...body] = records;
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const index = new Map<Column, number>();
  names.forEach((name, i) => {
    if ((IMPORT_COLUMNS as readonly string[]).includes(name)) index.set(name as Column, i);
    else problems.push({ line: header.line, column: name, message: `unknown column "${name}" (columns: ${IMPORT_COLUMNS.join(', ')})` });
  });
  for (const required of ['building', 'unit', 'floor'] as const) {
    if (!index.has(required)) problems.push({ line: header.line, column: required, message: `the header lacks the required column "${required}"` });
  }
  if (problems.length) return { units: [], problems, rows: body.length };

  const units = new Map<string, UnitRow>();
  body.forEach((record, n) => {
    const cell = (column: Column) => (index.has(column) ? (record.cells[index.get(column)!] ?? '').trim() : '');
    const problem = (column: Column | null, message: string) => problems.push({ line: record.line, column, message });
    const building = cell('building');
    const code = cell('unit');
    const floorText = cell('floor');
    const floor = Number(floorText);
    const usage = enumValue(UnitUsage, cell('usage'), UnitUsage.HOME);
    const occupancy = enumValue(OccupancyStatus, cell('occupancy'), OccupancyStatus.NOT_HANDED_OVER);
    let valid = true;
    const check = (ok: boolean, column: Column, message: string) => {
      if (!ok) {
        problem(column, message);
        valid = false;
      }
    };
    check(building !== '' && building.length <= 100, 'building', 'building must be a name of 1–100 characters');
    check(UNIT_CODE.test(code), 'unit', `unit "${code}" is not a unit code (letters, digits and dashes, e.g. 3-2-1201)`);
    check(floorText !== '' && Number.isInteger(floor) && floor >= -10 && floor <= 300, 'floor', `floor "${floorText}" must be a whole number from -10 to 300`);
    check(usage !== null, 'usage', `usage "${cell('usage')}" must be one of ${Object.values(UnitUsage).join(', ')}`);
    check(occupancy !== null, 'occupancy', `occupancy "${cell('occupancy')}" must be one of ${Object.values(OccupancyStatus).join(', ')}`);
    if (valid && existingCodes.has(code)) check(false, 'unit', `unit ${code} already exists in the property`);

    const name = cell('resident_name');
    const kind = enumValue(ResidentKind, cell('resident_kind'), ResidentKind.OWNER);
    const phone = cell('phone');
    const idNumber = cell('id_number').toUpperCase();
    if (name) {
      check(name.length <= 100, 'resident_name', 'resident_name must be at most 100 characters');
      check(kind !== null, 'resident_kind', `resident_kind "${cell('resident_kind')}" must be one of ${Object.values(ResidentKind).join(', ')}`);
      check(kind !== ResidentKind.TENANT, 'resident_kind', "tenants are registered at the desk with the owner's consent, not imported");
      check(phone === '' || PHONE_PATTERN.test(phone), 'phone', 'phone must be a mobile (11 digits) or a landline such as 027-87654321');
      check(idNumber === '' || isValidIdNumber(idNumber), 'id_number', 'id_number must be an 18-digit identity card number with a valid check digit');
    } else {
      check(!phone && !idNumber && !cell('resident_kind'), 'resident_name', 'resident_name is missing for the resident on this row');
    }
    if (valid) {
      const known = units.get(code);
      if (known && (known.building !== building || known.floor !== floor || known.usage !== usage)) {
        problem('unit', `unit ${code} appears on line ${known.line} with a different building, floor or usage`);
      } else {
        const unit = known ?? { line: record.line, building, code, floor, usage: usage!, occupancy: occupancy!, residents: [] };
        if (!known) units.set(code, unit);
        if (name) unit.residents.push({ line: record.line, name, kind: kind!, phone: phone || null, idNumber: idNumber || null });
      }
    }
    if ((n + 1) % 1000 === 0 || n + 1 === body.length) progress('validate', n + 1, body.length);
  });
  return { units: [...units.values()], problems, rows: body.length };
}

/**
 * Imports a property's buildings, units and residents from CSV, all or nothing: every row is
 * checked first and any problem rejects the file (with every problem's line); otherwise everything
 * is written in one transaction, with the events other services build their read-models from.
 */
export async function importResidents(
  { em, identity, clock }: UseCaseContext,
  propertyId: string,
  text: string,
  options: { dryRun?: boolean; progress?: ImportProgress } = {},
): Promise<ImportResult> {
  const started = performance.now();
  const now = clock.now();
  const progress = options.progress ?? (() => undefined);
  const property = await em.findOne(Estate, propertyId);
  if (!property) {
    return { ok: false, problems: [{ line: 0, column: null, message: `property ${propertyId} does not exist` }], rows: 0, buildingsCreated: 0, unitsCreated: 0, residentsCreated: 0, dryRun: Boolean(options.dryRun), ms: 0 };
  }
  const existing = new Set((await em.find(Unit, { propertyId }, { fields: ['code'] })).map((u) => u.code));
  const { units, problems, rows } = validateImport(text, existing, progress);
  const result = (extra: Partial<ImportResult>): ImportResult => ({
    ok: false, problems, rows, buildingsCreated: 0, unitsCreated: 0, residentsCreated: 0, dryRun: Boolean(options.dryRun), ms: Math.round(performance.now() - started), ...extra,
  });
  if (problems.length) return result({ ok: false });
  const residentCount = units.reduce((n, u) => n + u.residents.length, 0);
  if (options.dryRun) {
    // Everything it would create, buildings included (those the property does not have yet).
    const known = new Set((await em.find(Building, { property }, { fields: ['name'] })).map((b) => b.name));
    const newBuildings = new Set(units.map((u) => u.building).filter((name) => !known.has(name)));
    return result({ ok: true, buildingsCreated: newBuildings.size, unitsCreated: units.length, residentsCreated: residentCount });
  }

  let buildingsCreated = 0;
  await em.transactional(async (tx) => {
    let estate = property;
    const buildings = new Map((await tx.find(Building, { property })).map((b) => [b.name, b]));
    let written = 0;
    const total = units.length;
    for (const row of units) {
      let building = buildings.get(row.building);
      if (!building) {
        building = tx.create(Building, { property: estate, name: row.building, createdAt: now });
        buildings.set(row.building, building);
        buildingsCreated += 1;
        recordEvent(tx, Events.buildingAdded, { buildingId: building.id, propertyId, name: building.name }, { aggregateId: building.id, actor: identity.sub });
      }
      const unit = tx.create(Unit, { building, propertyId, code: row.code, floor: row.floor, usage: row.usage, occupancy: row.occupancy, createdAt: now });
      recordEvent(tx, Events.unitAdded, { unitId: unit.id, propertyId, buildingId: building.id, code: unit.code, usage: unit.usage, occupancy: unit.occupancy }, { aggregateId: unit.id, actor: identity.sub });
      for (const person of row.residents) {
        const resident = tx.create(Resident, { unit, propertyId, kind: person.kind, name: person.name, phone: person.phone, idNumber: person.idNumber, createdAt: now });
        recordEvent(tx, Events.residentRegistered, { residentId: resident.id, unitId: unit.id, propertyId, kind: resident.kind, active: true }, { aggregateId: resident.id, actor: identity.sub });
      }
      written += 1;
      // Flush in slices so progress is real and memory stays flat; the transaction keeps it all-or-nothing.
      if (written % 500 === 0 || written === total) {
        await tx.flush();
        tx.clear();
        progress('write', written, total);
        estate = tx.getReference(Estate, propertyId);
        for (const [name, b] of buildings) buildings.set(name, tx.getReference(Building, b.id));
      }
    }
  });
  return result({ ok: true, buildingsCreated, unitsCreated: units.length, residentsCreated: residentCount });
}
