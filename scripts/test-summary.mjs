// Sums every suite of `make test` into the closing line CI reads: "N passed, N failed".
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '.test-results';
const status = (name) => {
  const file = join(dir, `${name}.status`);
  return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : 1;
};

let passed = 0;
let failed = 0;
for (const check of ['lint', 'typecheck']) {
  if (status(check) === 0) passed += 1;
  else {
    failed += 1;
    console.log(`${check}: FAILED`);
  }
}

const reportFile = join(dir, 'vitest.json');
if (existsSync(reportFile)) {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A test file that fails to load has no tests but must still count as a failure.
  const brokenFiles = report.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0);
  failed += brokenFiles.length;
  for (const file of brokenFiles) console.log(`test file failed to run: ${file.name}`);
  if (report.numTotalTests === 0) {
    console.log('vitest ran no test');
    failed += 1;
  }
} else {
  console.log('vitest produced no report');
  failed += 1;
}
if (status('vitest') !== 0 && failed === 0) failed += 1;

const summary = `${passed} passed, ${failed} failed`;
writeFileSync(join(dir, 'summary.txt'), `${summary}\n`);
console.log(summary);
process.exit(failed === 0 ? 0 : 1);
