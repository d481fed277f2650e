// Reads one vitest JSON report; prints "passed failed". A file that failed without a failed test
// (an import error, a crash in a hook) counts as one failure, so nothing fails silently.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const fileFailures = (report.testResults ?? []).filter(
  (file) => file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed'),
).length;
console.log(report.numPassedTests, report.numFailedTests + fileFailures);
