// Runs every test with Node's built-in runner. Node 20's `--test` cannot glob `.ts` files, so this
// script finds them: unit tests beside the code (src/**/*.test.ts) and integration suites (test/**/*.test.ts).
// Browser suites (test/browser/*.browser.ts: a real Chromium against a served demo) are slower and run apart.
// Usage: node scripts/run-tests.mjs [--browser] [path-filter ...]
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

const args = process.argv.slice(2);
const browser = args.includes('--browser');
const suffix = browser ? '.browser.ts' : '.test.ts';

function find(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith(suffix)) out.push(p);
  }
  return out;
}

const filters = args.filter((a) => a !== '--browser');
const files = [...find('src', []), ...find('test', [])]
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const child = spawn(process.execPath, ['--import', 'tsx', '--test', browser ? '--test-concurrency=1' : '--test-concurrency=2', ...files], {
  stdio: 'inherit',
  env: { ...process.env, MAMORU_LOG_LEVEL: process.env.MAMORU_LOG_LEVEL ?? 'silent' },
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
