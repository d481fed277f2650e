// `npm run bench`: runs every `bench:*` script in package.json, one after the other. Each benchmark
// writes its JSON results to bench/results/ and prints a summary.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  scripts: Record<string, string>;
};
const benches = Object.keys(pkg.scripts).filter((name) => name.startsWith('bench:'));
if (benches.length === 0) {
  console.log('No benchmarks defined.');
  process.exit(0);
}
let failures = 0;
for (const name of benches) {
  console.log(`\n=== ${name} ===`);
  const result = spawnSync('npm', ['run', '--silent', name], { stdio: 'inherit' });
  if (result.status !== 0) failures++;
}
process.exit(failures === 0 ? 0 : 1);
