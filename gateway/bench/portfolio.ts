import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { databaseUrl } from '@pm/db';
import { issueToken, Role } from '@pm/identity';
import { Client } from 'pg';

import { insertTickets } from './data';
import { runningStack } from './environment';

/**
 * `npm run generate:portfolio`: a company's portfolio in the running stack (`npm start`, found
 * through .data/stack.json): properties, their buildings, units and residents through the same bulk
 * import the desk uses (`importResidents`: validated, all or nothing, every unit and resident
 * announced to the other services as events), then tickets spread over two years straight into the
 * tickets database (read benchmarks; no history rows, no events). Prints progress.
 *
 *   npm run generate:portfolio -- [--properties 20] [--units 50000] [--residents 100000] [--tickets 1000000]
 */
const { values } = parseArgs({
  options: {
    properties: { type: 'string', default: '20' },
    units: { type: 'string', default: '50000' },
    residents: { type: 'string', default: '100000' },
    tickets: { type: 'string', default: '1000000' },
  },
});
const PROPERTIES = Number(values.properties);
const UNITS = Number(values.units);
const RESIDENTS = Number(values.residents);
const TICKETS = Number(values.tickets);
/** Units per import call: the CSV stays well under the gateway's body limit. */
const UNITS_PER_IMPORT = 1_000;
const UNITS_PER_BUILDING = 250;
const ROOT = join(__dirname, '..', '..');
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英';

const log = (line: string) => process.stdout.write(`${line}\n`);

function stackSettings() {
  const { env, dataDir: given } = runningStack();
  const dataDir = given ?? join(ROOT, '.data');
  const secretsFile = join(dataDir, 'secrets.json');
  if (!env.GATEWAY_URL || !env.DATABASE_URL || !existsSync(secretsFile)) {
    throw new Error('No running stack found: start one with `npm start` (or set PM_DATA_DIR to a second stack’s data directory)');
  }
  const secrets = JSON.parse(readFileSync(secretsFile, 'utf8')) as { JWT_SECRET: string };
  const prefix = (JSON.parse(readFileSync(join(dataDir, 'stack.json'), 'utf8')) as { DATABASE_PREFIX?: string }).DATABASE_PREFIX ?? 'pm';
  return { gatewayUrl: env.GATEWAY_URL, databaseUrl: env.DATABASE_URL, jwtSecret: secrets.JWT_SECRET, prefix };
}

async function main(): Promise<void> {
  const stack = stackSettings();
  const token = issueToken({ sub: 'portfolio-generator', name: '数据生成', roles: [Role.PROJECT_MANAGER], propertyIds: ['*'] }, stack.jwtSecret);
  const call = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const response = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
    return body.data!;
  };
  const residentsDb = new Client({ connectionString: databaseUrl(stack.databaseUrl, `${stack.prefix}_residents`) });
  const ticketsDb = new Client({ connectionString: databaseUrl(stack.databaseUrl, `${stack.prefix}_tickets`) });
  await residentsDb.connect();
  await ticketsDb.connect();
  const started = Date.now();
  let random = 20261123;
  const next = () => ((random = (random * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const name = () => SURNAMES[Math.floor(next() * SURNAMES.length)] + GIVEN[Math.floor(next() * GIVEN.length)] + (next() < 0.5 ? GIVEN[Math.floor(next() * GIVEN.length)] : '');
  try {
    log(`generating ${PROPERTIES} properties, ${UNITS.toLocaleString('en')} units, ${RESIDENTS.toLocaleString('en')} residents, ${TICKETS.toLocaleString('en')} tickets into ${stack.gatewayUrl}…`);
    const unitsEach = Math.ceil(UNITS / PROPERTIES);
    const residentsPerUnit = RESIDENTS / UNITS;
    for (let p = 1; p <= PROPERTIES; p++) {
      const { createProperty } = await call<{ createProperty: { id: string } }>('mutation($input: CreatePropertyInput!) { createProperty(input: $input) { id } }', {
        input: { name: `生成小区 ${String(p).padStart(2, '0')}-${started.toString(36)}`, kind: p % 5 === 0 ? 'OFFICE' : 'RESIDENTIAL' },
      });
      const propertyId = createProperty.id;
      for (let first = 0; first < unitsEach; first += UNITS_PER_IMPORT) {
        const rows = ['building,unit,floor,usage,occupancy,resident_name,resident_kind,phone,id_number'];
        for (let u = first; u < Math.min(unitsEach, first + UNITS_PER_IMPORT); u++) {
          const building = Math.floor(u / UNITS_PER_BUILDING) + 1;
          const floor = Math.floor((u % UNITS_PER_BUILDING) / 4) + 1;
          const code = `${building}-1-${floor}${String((u % 4) + 1).padStart(2, '0')}`;
          const usage = p % 5 === 0 ? 'OFFICE' : 'HOME';
          // Everyone handed over; about as many residents per unit as asked (an owner, then household members).
          const people = Math.max(1, Math.round(residentsPerUnit + (next() - 0.5)));
          for (let r = 0; r < people; r++) {
            const kind = r === 0 ? (usage === 'OFFICE' ? 'COMPANY' : 'OWNER') : 'HOUSEHOLD_MEMBER';
            const phone = `1${3 + Math.floor(next() * 6)}${String(Math.floor(next() * 1e9)).padStart(9, '0')}`;
            rows.push([`${building}栋`, code, floor, usage, usage === 'OFFICE' ? 'OFFICE_OCCUPIED' : 'OWNER_OCCUPIED', kind === 'COMPANY' ? `${name()}贸易有限公司` : name(), kind, phone, ''].join(','));
          }
        }
        const { importResidents } = await call<{ importResidents: { ok: boolean; unitsCreated: number; residentsCreated: number; problems: { line: number; message: string }[] } }>(
          'mutation($p: ID!, $csv: String!) { importResidents(propertyId: $p, csv: $csv) { ok unitsCreated residentsCreated problems { line message } } }', { p: propertyId, csv: rows.join('\n') });
        if (!importResidents.ok) throw new Error(`import refused: ${importResidents.problems.slice(0, 3).map((x) => `line ${x.line}: ${x.message}`).join('; ')}`);
        process.stdout.write(`\r  property ${p}/${PROPERTIES}: ${Math.min(unitsEach, first + UNITS_PER_IMPORT).toLocaleString('en')} / ${unitsEach.toLocaleString('en')} units imported`);
      }
      process.stdout.write('\n');
      // Tickets over two years on the property's own units and owners, read from the residents database.
      const { rows: owners } = await residentsDb.query<{ unit_id: string; id: string }>(
        "select r.unit_id, r.id from resident r where r.property_id = $1 and r.kind in ('OWNER', 'COMPANY') order by r.unit_id", [propertyId]);
      const count = Math.round(TICKETS / PROPERTIES);
      await insertTickets(ticketsDb, {
        propertyId, unitIds: owners.map((o) => o.unit_id), residentIds: owners.map((o) => o.id), count, tag: `P${String(p).padStart(2, '0')}${started.toString(36)}`,
        spacingMinutes: (2 * 365 * 24 * 60) / count, analyze: false,
      });
    }
    await ticketsDb.query('analyze ticket');
    log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s; the other services learn of the new units and residents from their events over the next minutes (outbox and consumer lag on each service's /metrics).`);
  } finally {
    await residentsDb.end();
    await ticketsDb.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
