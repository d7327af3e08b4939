// docs/errors.md and src/core/errors.ts must list the same codes with the same statuses (CONVENTIONS §5).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ERROR_CODES } from '../src/core/index.js';

test('every registered error code is documented, and every documented code exists', () => {
  const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
  const rows = [...doc.matchAll(/^\|\s*`([A-Z_]+)`\s*\|\s*(\d{3})\s*\|/gm)].map((m) => [m[1]!, Number(m[2])] as const);
  const documented = new Map(rows);
  for (const [code, spec] of Object.entries(ERROR_CODES)) {
    assert.ok(documented.has(code), `${code} is missing from docs/errors.md`);
    assert.equal(documented.get(code), spec.status, `${code}: status in docs differs from the registry`);
  }
  for (const code of documented.keys()) assert.ok(code in ERROR_CODES, `docs/errors.md documents ${code}, which the registry lacks`);
});
