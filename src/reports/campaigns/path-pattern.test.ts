import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pathPattern } from './path-pattern.js';

test('deployments of one kit share a pattern; generic paths give none', () => {
  assert.equal(pathPattern('/jp/redelivery/index.php'), '/jp/redelivery/index.php');
  assert.equal(pathPattern('/mypage/login/3fa9c2d1/'), pathPattern('/mypage/login/a81b77e0'));
  assert.equal(pathPattern('/user/12345/verify'), pathPattern('/user/987/verify'));
  for (const p of ['/', '/login', '/a', '/x/y', '/12/34', '/r/aB3dE9fG1hJ2']) assert.equal(pathPattern(p), null, p);
});
