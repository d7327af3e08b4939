// `npm run build` (and `prepare`, which `npm ci` runs): builds the pages into web/dist with Vite. Vite is a
// development dependency; an install without development dependencies has no Vite, and then the pages must come
// from a build stage — this says so instead of failing the install.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
let vite;
try {
  // The package's exports hide bin/; its package.json is exported, and bin/vite.js sits beside it.
  vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
} catch {
  console.warn('mamoru: vite is not installed (an install without dev dependencies): the web pages are not built; copy web/dist from a build stage');
  process.exit(0);
}
const r = spawnSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
