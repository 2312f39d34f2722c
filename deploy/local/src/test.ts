import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { findNats, findPostgres } from '@pm/infra';

import { loadLocalEnvironment } from './environment';
import { ROOT } from './processes';

const RESULTS = join(ROOT, '.jest-results');
/** How long the whole run may take before it is stopped as hung (CI allows 90). */
const WATCHDOG_MINUTES = 45;

/** Sums what each project's jest run wrote (libs/testing/src/totals-reporter.js). */
function totals(): { passed: number; failed: number; failedSuites: number } {
  const sum = { passed: 0, failed: 0, failedSuites: 0 };
  if (!existsSync(RESULTS)) return sum;
  // Beside the totals: the browser tests' screenshots (a directory), kept as the run's artifacts.
  for (const file of readdirSync(RESULTS).filter((name) => name.endsWith('.json'))) {
    const result = JSON.parse(readFileSync(join(RESULTS, file), 'utf8')) as typeof sum;
    sum.passed += result.passed;
    sum.failed += result.failed;
    sum.failedSuites += result.failedSuites;
  }
  return sum;
}

/**
 * `npm test`: finds PostgreSQL and NATS the way `npm start` does (starting embedded ones if need be),
 * runs every project's tests through Nx, then prints one total line.
 */
async function main(): Promise<number> {
  const env = loadLocalEnvironment();
  const pg = await findPostgres({ url: env.DATABASE_URL, dataDir: join(ROOT, '.data/test-postgres'), log: (line) => process.stdout.write(`${line}\n`) });
  const nats = await findNats({ url: env.NATS_URL, dataDir: join(ROOT, '.data/test-nats') });
  process.stdout.write(`tests use PostgreSQL: ${pg.source} (${new URL(pg.url).host}), NATS: ${nats.source} (${nats.url})\n`);
  rmSync(RESULTS, { recursive: true, force: true });
  try {
    const args = ['nx', 'run-many', '-t', 'test', '--outputStyle=static', ...process.argv.slice(2)];
    const code = await new Promise<number>((resolve) => {
      const child = spawn('npx', args, {
        cwd: ROOT,
        stdio: 'inherit',
        env: { ...process.env, DATABASE_URL: pg.url, NATS_URL: nats.url, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_SKIP_NX_CACHE: 'true' },
      });
      // A suite that leaks a handle would keep jest waiting: fail the run instead of hanging CI.
      const watchdog = setTimeout(() => {
        process.stderr.write(`\ntests still running after ${WATCHDOG_MINUTES} minutes: stopping them (a suite did not close what it opened?)\n`);
        child.kill('SIGTERM');
      }, WATCHDOG_MINUTES * 60_000);
      child.once('exit', (exit) => {
        clearTimeout(watchdog);
        resolve(exit ?? 1);
      });
    });
    const sum = totals();
    if (sum.failedSuites && !sum.failed) process.stdout.write(`${sum.failedSuites} test suite(s) failed to run\n`);
    process.stdout.write(`\n${sum.passed} passed, ${sum.failed + (sum.failed ? 0 : sum.failedSuites)} failed\n`);
    return code;
  } finally {
    await nats.stop();
    await pg.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
