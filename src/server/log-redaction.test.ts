import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { loadConfig } from '../core/index.js';
import { buildApp } from './app.js';
import { compose } from './compose.js';
import { redactUrl } from './log-redaction.js';

void test('line numbers in request paths and queries are redacted', () => {
  assert.equal(redactUrl('/v1/consent/090-1234-5678'), '/v1/consent/[line]');
  assert.equal(redactUrl('/v1/consent/%2B819012345678/history'), '/v1/consent/[line]/history');
  assert.equal(redactUrl('/v1/devices/cases?state=open&line=09012345678&limit=5'), '/v1/devices/cases?state=open&line=[line]&limit=5');
  assert.equal(redactUrl('/v1/devices/notices?line=%2B819012345678'), '/v1/devices/notices?line=[line]');
  assert.equal(redactUrl('/v1/campaigns?brand=sagawa'), '/v1/campaigns?brand=sagawa');
  assert.equal(redactUrl('/v1/filter/090-1234-5678/page-link'), '/v1/filter/[line]/page-link');
  assert.equal(redactUrl('/v1/quarantine/09012345678/01J0000000000000000000000A/release'), '/v1/quarantine/[line]/01J0000000000000000000000A/release');
  assert.equal(redactUrl('/v1/quarantine/safe-marks?since=1'), '/v1/quarantine/safe-marks?since=1', 'a listing, not a line');
});

void test("the settings page's one-time token is redacted from its hand-off URL", () => {
  assert.equal(redactUrl('/my/sms-settings/enter?t=abcDEF_-123&lang=en'), '/my/sms-settings/enter?t=[token]&lang=en');
  assert.equal(redactUrl('/my/sms-settings/enter?lang=en&t=abc'), '/my/sms-settings/enter?lang=en&t=[token]');
  assert.equal(redactUrl('/v1/stats/day?t=1'), '/v1/stats/day?t=1', 'only under /my/');
});

void test('the request log line of a consent lookup holds no number', async () => {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(s) });
  const config = loadConfig({ env: {} });
  const services = await compose(config, logger, { memory: true, defaultMetrics: false, inProcessBus: true });
  const app = await buildApp(config, services, logger);
  try {
    await app.inject({ method: 'GET', url: '/v1/consent/09012345678' });
    await app.inject({ method: 'GET', url: '/v1/devices/cases?line=09012345678' });
    const log = lines.join('');
    assert.ok(log.includes('/v1/consent/[line]'), 'the request was logged');
    assert.ok(!log.includes('09012345678') && !log.includes('9012345678'));
  } finally {
    await app.close();
    await services.close();
  }
});
