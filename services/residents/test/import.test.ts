import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { systemClock } from '@pm/calendar';
import { Role } from '@pm/identity';
import { parseEnvironment } from '@pm/runtime';
import { ok, startTestSubgraph, testIdentity, type TestSubgraph } from '@pm/testing';

import { residentsEnvironment, startResidents } from '../src';
import { importResidents } from '../src/import/importer';
import { residentsSettings } from '../src/settings';
import { Unit } from '../src/unit/unit.entity';
import { Resident } from '../src/resident/resident.entity';

const HEADER = 'building,unit,floor,usage,occupancy,resident_name,resident_kind,phone,id_number';

/** 5,000 units in 10 buildings of 25 floors × 20 units, every unit with an owner. Line n + 2 holds unit n. */
function bigCsv(): string[] {
  const lines = [HEADER];
  for (let n = 0; n < 5000; n++) {
    const building = 1 + Math.floor(n / 500);
    const floor = 1 + Math.floor((n % 500) / 20);
    const unit = `${building}-${floor}-${String(floor * 100 + (n % 20) + 1).padStart(4, '0')}`;
    lines.push(`${building}栋,${unit},${floor},HOME,${n % 3 ? 'OWNER_OCCUPIED' : 'VACANT'},业主${n},OWNER,139${String(n).padStart(8, '0')},`);
  }
  return lines;
}

describe('bulk import of units and residents from CSV', () => {
  let subgraph: TestSubgraph<Awaited<ReturnType<typeof startResidents>>>;
  const manager = testIdentity(Role.PROJECT_MANAGER);

  beforeAll(async () => {
    subgraph = await startTestSubgraph('residents', (s) => parseEnvironment(residentsEnvironment, s), startResidents);
  });
  afterAll(() => subgraph?.stop());

  async function newProperty(name: string): Promise<string> {
    const { createProperty } = ok(await subgraph.as(manager)<{ createProperty: { id: string } }>('mutation($n: String!) { createProperty(input: { name: $n, kind: RESIDENTIAL }) { id } }', { n: name }));
    return createProperty.id;
  }

  it('5,000 units with 3 bad rows: rejected with exactly those line numbers and nothing written; fixed, all imported (time printed)', async () => {
    const propertyId = await newProperty('导入花园');
    const lines = bigCsv();
    const good = [...lines];
    lines[101] = lines[101].replace(',HOME,', ',GARAGE,'); // line 102: bad usage
    lines[2500] = lines[2500].replace(/,139\d{8},/, ',12345,'); // line 2501: bad phone
    lines[4999] = lines[4999].replace(/^(\S+?),(\S+?),\d+,/, '$1,$2,x,'); // line 5000: bad floor
    const em = subgraph.service.orm.em.fork();
    const asUseCase = (fork: typeof em) => ({ em: fork, identity: manager, clock: systemClock, settings: residentsSettings(residentsEnvironment.parse({})) });
    const stages: string[] = [];
    const rejected = await importResidents(asUseCase(em), propertyId, lines.join('\r\n'), { progress: (stage, done, total) => stages.push(`${stage} ${done}/${total}`) });
    expect(rejected.ok).toBe(false);
    expect(rejected.problems.map((p) => [p.line, p.column])).toEqual([[102, 'usage'], [2501, 'phone'], [5000, 'floor']]);
    expect(stages.at(-1)).toBe('validate 5000/5000');
    expect(await em.fork().count(Unit, { propertyId })).toBe(0);

    const imported = await importResidents(asUseCase(em.fork()), propertyId, good.join('\r\n'), { progress: (stage, done, total) => stages.push(`${stage} ${done}/${total}`) });
    process.stdout.write(`imported 5,000 units and 5,000 residents in ${(imported.ms / 1000).toFixed(1)} s\n`);
    expect(imported).toMatchObject({ ok: true, problems: [], rows: 5000, buildingsCreated: 10, unitsCreated: 5000, residentsCreated: 5000 });
    expect(stages.at(-1)).toBe('write 5000/5000');
    expect(await em.fork().count(Unit, { propertyId })).toBe(5000);
    expect(await em.fork().count(Resident, { propertyId })).toBe(5000);
    const outbox = await em.fork().getConnection().execute<{ n: number }[]>("select count(*)::int as n from outbox where subject in ('pm.residents.unit.added', 'pm.residents.resident.registered')");
    expect(outbox[0].n).toBeGreaterThanOrEqual(10_000);

    // Importing the same file again: every unit already exists, nothing is written.
    const again = await importResidents(asUseCase(em.fork()), propertyId, good.slice(0, 3).join('\n'));
    expect(again.problems.map((p) => p.line)).toEqual([2, 3]);
  }, 120_000);

  it('the console mutation and the command line import the same way', async () => {
    const propertyId = await newProperty('命令行花园');
    const csv = [HEADER, '1栋,1-1-101,1,,,王业主,OWNER,13800001111,', '1栋,1-1-101,1,,,王小明,HOUSEHOLD_MEMBER,,', '1栋,1-1-102,1,SHOP,VACANT,,,,'].join('\n');
    const supervisor = subgraph.as(testIdentity(Role.SUPERVISOR));
    const MUTATION = 'mutation($p: ID!, $csv: String!, $dry: Boolean) { importResidents(propertyId: $p, csv: $csv, dryRun: $dry) { ok buildingsCreated unitsCreated residentsCreated problems { line column message } } }';
    expect(ok(await supervisor<{ importResidents: unknown }>(MUTATION, { p: propertyId, csv, dry: true })).importResidents).toMatchObject({ ok: true, buildingsCreated: 1, unitsCreated: 2, residentsCreated: 2 });
    expect(await subgraph.service.orm.em.fork().count(Unit, { propertyId })).toBe(0);

    const dir = mkdtempSync(join(tmpdir(), 'pm-import-'));
    writeFileSync(join(dir, 'units.csv'), csv);
    const env = { ...process.env, DATABASE_NAME: subgraph.service.orm.config.get('dbName'), SWC_NODE_PROJECT: join(__dirname, '../../../tsconfig.base.json') };
    const cli = spawnSync(process.execPath, ['-r', '@swc-node/register', join(__dirname, '../src/import/cli.ts'), '--property', propertyId, join(dir, 'units.csv')], { env, encoding: 'utf8', cwd: join(__dirname, '..') });
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    expect(cli.stdout).toMatch(/imported: 3 rows → 1 new buildings, 2 units, 2 residents in \d+\.\d s/);
    expect(await subgraph.service.orm.em.fork().count(Unit, { propertyId })).toBe(2);

    const bad = spawnSync(process.execPath, ['-r', '@swc-node/register', join(__dirname, '../src/import/cli.ts'), '--property', propertyId, join(dir, 'units.csv')], { env, encoding: 'utf8', cwd: join(__dirname, '..') });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('line 2 [unit]: unit 1-1-101 already exists in the property');
  }, 60_000);
});
