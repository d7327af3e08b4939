// Members and API keys on a real store: keys are stored hashed, verified, revoked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AccessService, ManualClock, openStorage, requireRole, KEY_CACHE_MS } from '../src/core/index.js';

test('a key is shown once, stored only as a hash, verified to its member and role, and revocable', async () => {
  const storage = await openStorage({ dataDir: '.', memory: true });
  try {
    const clock = new ManualClock(1_700_000_000_000);
    const access = new AccessService(storage.db, clock);
    const m = await access.addMember('carrier-b', 'mvno');
    const { key, info } = await access.createKey(m.id, 'analyst', 'desk');
    assert.match(key, /^mk_[0-9a-f]{8}_[0-9a-f]{56}$/);
    const rows = await storage.db.selectFrom('api_keys').selectAll().execute();
    assert.equal(rows.length, 1);
    assert.ok(!JSON.stringify(rows).includes(key.slice(12)), 'the secret part is not stored');
    assert.equal(rows[0]!.prefix, info.prefix);
    const p = await access.verify(key);
    assert.deepEqual(p, { keyId: info.id, memberId: m.id, memberName: 'carrier-b', role: 'analyst' });
    // One hex digit changed (never to itself: a key ending in 0 gets 1).
    assert.equal(await access.verify(`${key.slice(0, -1)}${key.endsWith("0") ? "1" : "0"}`), null);
    assert.equal(await access.verify('not-a-key'), null);
    await access.revokeKey(info.id);
    assert.equal(await access.verify(key), null);
    await assert.rejects(access.revokeKey(info.id), { code: 'NOT_FOUND' });
    await assert.rejects(access.addMember('carrier-b', 'carrier'), { code: 'CONFLICT' });
    await assert.rejects(access.createKey(m.id, 'public'), { code: 'VALIDATION_FAILED' });
    assert.ok(KEY_CACHE_MS > 0);
  } finally {
    await storage.close();
  }
});

test('requireRole: no principal is 401, a wrong role 403, admin passes everything', () => {
  const base = { keyId: 'k', memberId: 'm', memberName: 'n' };
  assert.throws(() => requireRole(null, ['analyst']), { code: 'UNAUTHORIZED' });
  assert.throws(() => requireRole({ ...base, role: 'member' }, ['analyst']), { code: 'FORBIDDEN' });
  assert.equal(requireRole({ ...base, role: 'admin' }, ['police']).role, 'admin');
  assert.equal(requireRole({ ...base, role: 'police' }, ['police', 'analyst']).role, 'police');
});
