import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { describeConfig, loadConfig } from './config.js';
import { AppError } from './errors.js';

test('defaults need no environment and are frozen', () => {
  const c = loadConfig({ env: {} });
  assert.equal(c.server.port, 8080);
  assert.equal(c.storage.dataDir, './data');
  assert.ok(Object.isFrozen(c) && Object.isFrozen(c.engine.policies.network));
  assert.throws(() => {
    (c.server as { port: number }).port = 1;
  }, TypeError);
});

test('environment overrides the file, CLI overrides the environment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mamoru-config-'));
  const file = join(dir, 'c.json');
  writeFileSync(file, JSON.stringify({ server: { port: 9000, host: '127.0.0.1' } }));
  const c = loadConfig({ env: { MAMORU_PORT: '9100' }, file, overrides: { storage: { dataDir: '/tmp/x' } } });
  assert.equal(c.server.port, 9100);
  assert.equal(c.server.host, '127.0.0.1');
  assert.equal(c.storage.dataDir, '/tmp/x');
});

test('every bad key is reported at once', () => {
  try {
    loadConfig({ env: { MAMORU_PORT: 'eighty', MAMORU_LOG_LEVEL: 'loud', MAMORU_NETWORK_BLOCK_AT: '7', MAMORU_TYPO: '1' } });
    assert.fail('expected CONFIG_INVALID');
  } catch (e) {
    assert.ok(e instanceof AppError);
    assert.equal(e.code, 'CONFIG_INVALID');
    const keys = (e.details as { key: string }[]).map((d) => d.key).sort();
    assert.deepEqual(keys, ['MAMORU_TYPO', 'engine.policies.network.blockAt', 'log.level', 'server.port']);
  }
});

test('unknown keys in the file are errors, not silently ignored', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mamoru-config-'));
  const file = join(dir, 'c.json');
  writeFileSync(file, JSON.stringify({ server: { prot: 1 } }));
  assert.throws(() => loadConfig({ env: {}, file }), (e: AppError) => e.code === 'CONFIG_INVALID' && /server\.prot/.test(e.message));
});

test('a block threshold below the warn threshold is refused', () => {
  assert.throws(() => loadConfig({ env: { MAMORU_CLIENT_BLOCK_AT: '0.2', MAMORU_CLIENT_WARN_AT: '0.5' } }), (e: AppError) => e.code === 'CONFIG_INVALID');
});

test('secrets are masked when printed', () => {
  const c = loadConfig({ env: { MAMORU_PSEUDONYM_KEY: 'a-very-secret-key-123', MAMORU_DATABASE_URL: 'postgres://u:hunter2@db:5432/m' } });
  const printed = JSON.stringify(describeConfig(c));
  assert.ok(!printed.includes('a-very-secret-key-123'));
  assert.ok(!printed.includes('hunter2'));
  assert.ok(printed.includes('postgres://u:***@db:5432/m'));
});

test('firewall threads and timeouts: defaults, the environment, and bounds', () => {
  const d = loadConfig({ env: {} }).firewall;
  assert.deepEqual([d.deciderThreads, d.enquireLinkMs, d.responseTimeoutMs, d.bindTimeoutMs, d.maxSessions, d.metricsListen], [0, 30_000, 10_000, 30_000, 1000, undefined]);
  assert.equal(loadConfig({ env: { MAMORU_FIREWALL_DECIDER_THREADS: '3' } }).firewall.deciderThreads, 3);
  assert.throws(() => loadConfig({ env: { MAMORU_FIREWALL_DECIDER_THREADS: '-1' } }), (e: AppError) => e.code === 'CONFIG_INVALID' && /firewall\.deciderThreads/.test(e.message));
  assert.throws(() => loadConfig({ env: {}, overrides: { firewall: { responseTimeoutMs: 10 } } }), (e: AppError) => e.code === 'CONFIG_INVALID' && /firewall\.responseTimeoutMs/.test(e.message));
});

test('settings page: defaults, the environment, and a session cap below the idle time refused', () => {
  const d = loadConfig({ env: {} }).firewall.page;
  assert.deepEqual(d, { enabled: true, linkTtlSeconds: 120, sessionIdleSeconds: 1800, sessionMaxSeconds: 7200, secureCookie: true });
  const e = loadConfig({ env: { MAMORU_FIREWALL_PAGE_SECURE_COOKIE: 'false', MAMORU_FIREWALL_PAGE_LINK_TTL_SECONDS: '120', MAMORU_FIREWALL_PAGE_SESSION_IDLE_SECONDS: '900', MAMORU_FIREWALL_PAGE_ENABLED: 'false' } }).firewall.page;
  assert.deepEqual([e.secureCookie, e.linkTtlSeconds, e.sessionIdleSeconds, e.enabled], [false, 120, 900, false]);
  assert.throws(() => loadConfig({ env: { MAMORU_FIREWALL_PAGE_LINK_TTL_SECONDS: '5' } }), (x: AppError) => x.code === 'CONFIG_INVALID' && /firewall\.page\.linkTtlSeconds/.test(x.message));
  assert.throws(() => loadConfig({ env: { MAMORU_FIREWALL_PAGE_SESSION_IDLE_SECONDS: '9000' } }), (x: AppError) => x.code === 'CONFIG_INVALID' && /sessionMaxSeconds must be >= sessionIdleSeconds/.test(x.message));
  // Idle above the default cap is possible from the environment alone: the cap has its key too.
  const long = loadConfig({ env: { MAMORU_FIREWALL_PAGE_SESSION_IDLE_SECONDS: '9000', MAMORU_FIREWALL_PAGE_SESSION_MAX_SECONDS: '14400' } }).firewall.page;
  assert.deepEqual([long.sessionIdleSeconds, long.sessionMaxSeconds], [9000, 14_400]);
  assert.throws(() => loadConfig({ env: { MAMORU_FIREWALL_PAGE_SESSION_MAX_SECONDS: '100000' } }), (x: AppError) => x.code === 'CONFIG_INVALID' && /firewall\.page\.sessionMaxSeconds/.test(x.message));
  assert.throws(() => loadConfig({ env: { MAMORU_FIREWALL_PAGE_SESSION_MAX_SECONDS: '1200' } }), (x: AppError) => x.code === 'CONFIG_INVALID' && /sessionMaxSeconds must be >= sessionIdleSeconds/.test(x.message), 'below the default idle time');
});
