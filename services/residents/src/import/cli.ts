import 'reflect-metadata';

import { readFileSync } from 'node:fs';

import { openDatabase } from '@pm/db';
import { systemClock } from '@pm/calendar';
import { InboxMessage, messagingMigrations, OutboxMessage } from '@pm/events';
import { createLogger } from '@pm/runtime';

import { residentsService } from '../app';
import { loadResidentsToolEnvironment } from '../environment';
import { residentsSettings } from '../settings';
import { importResidents } from './importer';

const USAGE = `Import a property's buildings, units and residents from CSV (all or nothing).

  npm run import:residents -- --property <propertyId> [--dry-run] <file.csv>

Columns (header row, any order): building, unit, floor, usage (HOME|OFFICE|SHOP), occupancy,
resident_name, resident_kind (OWNER|HOUSEHOLD_MEMBER|COMPANY), phone, id_number.
One row per unit; more rows with the same unit add more residents. Every problem is listed with its
line number and nothing is written. Events for other services are published by the residents service.`;

function args(argv: string[]): { propertyId?: string; file?: string; dryRun: boolean } {
  const parsed: { propertyId?: string; file?: string; dryRun: boolean } = { dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--property') parsed.propertyId = argv[++i];
    else if (argv[i] === '--dry-run') parsed.dryRun = true;
    else if (argv[i] === '--help' || argv[i] === '-h') parsed.file = undefined;
    else parsed.file = argv[i];
  }
  return parsed;
}

async function main(): Promise<number> {
  const { propertyId, file, dryRun } = args(process.argv.slice(2));
  if (!propertyId || !file) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const text = readFileSync(file, 'utf8');
  // Beside `npm start`, the stack's own database (an embedded PostgreSQL's password included).
  const env = loadResidentsToolEnvironment();
  const logger = createLogger('residents-import', 'warn');
  const orm = await openDatabase({
    serverUrl: env.DATABASE_URL, dbName: env.DATABASE_NAME, entities: [...(residentsService.entities as unknown[]), OutboxMessage, InboxMessage] as never,
    migrations: [...messagingMigrations, ...residentsService.migrations], migrate: true, logger,
  });
  try {
    let last = '';
    const identity = { kind: 'staff' as const, sub: 'import-cli', name: 'CSV import', roles: [], propertyIds: [propertyId] };
    const result = await importResidents({ em: orm.em.fork(), identity, clock: systemClock, settings: residentsSettings(env) }, propertyId, text, {
      dryRun,
      progress: (stage, done, total) => {
        const line = `\r  ${stage === 'validate' ? 'checking rows' : 'writing units'}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')}`;
        if (line !== last) process.stdout.write(line);
        last = line;
        if (done === total) process.stdout.write('\n');
      },
    });
    if (!result.ok) {
      process.stderr.write(`\n${file}: rejected, nothing written — ${result.problems.length} problem(s):\n`);
      for (const p of result.problems.slice(0, 200)) process.stderr.write(`  line ${p.line}${p.column ? ` [${p.column}]` : ''}: ${p.message}\n`);
      if (result.problems.length > 200) process.stderr.write(`  … and ${result.problems.length - 200} more\n`);
      return 1;
    }
    process.stdout.write(`${dryRun ? 'checked (dry run, nothing written)' : 'imported'}: ${result.rows.toLocaleString('en')} rows → ${result.buildingsCreated} new buildings, ${result.unitsCreated.toLocaleString('en')} units, ${result.residentsCreated.toLocaleString('en')} residents in ${(result.ms / 1000).toFixed(1)} s\n`);
    return 0;
  } finally {
    await orm.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`import failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
