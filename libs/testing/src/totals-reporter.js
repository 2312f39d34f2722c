// Writes this jest run's pass/fail counts to .jest-results/<project>.json, so the test command can
// print one total across every Nx project. Also the run's exit guard: if something a suite opened is
// still open a few seconds after the run (a leak), it names what is open and ends the process with
// the run's own result, rather than letting CI wait for ever (there is no forceExit).
const fs = require('node:fs');
const path = require('node:path');

class TotalsReporter {
  constructor(_globalConfig, options) {
    this.project = options.project;
  }

  onRunComplete(_contexts, results) {
    const dir = path.join(__dirname, '../../../.jest-results');
    fs.mkdirSync(dir, { recursive: true });
    const failedSuites = results.numFailedTestSuites + results.numRuntimeErrorTestSuites;
    fs.writeFileSync(
      path.join(dir, `${this.project}.json`),
      JSON.stringify({ project: this.project, passed: results.numPassedTests, failed: results.numFailedTests, failedSuites }),
    );
    const code = results.numFailedTests || failedSuites ? 1 : 0;
    setTimeout(() => {
      const open = process.getActiveResourcesInfo().filter((kind) => kind !== 'TTYWrap' && kind !== 'Timeout');
      process.stderr.write(`\n${this.project}: jest did not exit 10 s after its tests (still open: ${open.join(', ') || 'unknown'}); a suite did not close what it opened. Ending with the run's result.\n`);
      process.exit(code);
    }, 10_000).unref();
  }
}

module.exports = TotalsReporter;
