// Writes this jest run's pass/fail counts to .jest-results/<project>.json, so the test command can
// print one total across every Nx project.
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
  }
}

module.exports = TotalsReporter;
