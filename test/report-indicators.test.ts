// Indicators from reports, end to end through the app: evidence from independent reporters raises confidence,
// one reporter repeating itself cannot, official senders are never derived, and the verdict engine uses the result.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { confidenceOf } from '../src/reports/index.js';
import { testApp } from './helpers/app.js';

const LURE = '【三井住友】お客様の口座を一時凍結しました。至急ご確認ください https://smbc-lock-check.top/verify';

async function setup() {
  const t = await testApp();
  const key = async (name: string) => {
    const m = await t.services.access.addMember(name, 'carrier');
    return { authorization: `Bearer ${(await t.services.access.createKey(m.id, 'member')).key}` };
  };
  return { t, A: await key('carrier-a'), B: await key('carrier-b') };
}

describe('confidence', () => {
  test('one reporter stays weak however often; independent reporters and operators raise it; time lowers it', () => {
    assert.ok(confidenceOf(1, 1, 1, 0) <= 0.3);
    assert.ok(confidenceOf(10, 1, 1, 0) > 0.6);
    assert.ok(confidenceOf(10, 3, 1, 0) > confidenceOf(10, 1, 1, 0));
    assert.ok(confidenceOf(10, 3, 1, 60) < confidenceOf(10, 3, 1, 0) / 3);
    assert.ok(confidenceOf(1000, 50, 1, 0) <= 0.95);
  });
});

describe('indicators from reports', () => {
  test('the same reporter 50 times gives a weak indicator; 12 reporters at two operators a strong one the engine blocks on', async () => {
    const { t, A, B } = await setup();
    try {
      const post = (headers: Record<string, string>, reporter: string, n = 1) =>
        t.app.inject({ method: 'POST', url: '/v1/reports', headers, payload: { reports: Array.from({ length: n }, () => ({ body: LURE, sender: '+819000009999', reporter })) } });
      assert.equal((await post(A, '+819011110000', 50)).statusCode, 200);
      const weak = t.services.intel.lookupNormalized('domain', 'smbc-lock-check.top');
      assert.ok(weak && weak.confidence <= 0.3, `one reporter: ${weak?.confidence}`);
      for (let i = 1; i <= 6; i++) assert.equal((await post(A, `+81901111000${i}`)).statusCode, 200);
      for (let i = 1; i <= 5; i++) assert.equal((await post(B, `+81902222000${i}`)).statusCode, 200);
      const strong = t.services.intel.lookupNormalized('domain', 'smbc-lock-check.top');
      assert.ok(strong && strong.confidence >= 0.7, `12 reporters at 2 operators: ${strong?.confidence}`);
      const prov = (await t.app.inject({ method: 'GET', url: '/v1/indicators/domain/smbc-lock-check.top/provenance', headers: A })).json();
      assert.deepEqual([prov.reports.independentReporters, prov.reports.members, prov.reports.reports], [12, 2, 61]);
      assert.equal(prov.indicator.source, 'reports');
      assert.equal(strong.source, 'reports');
      assert.ok(t.services.intel.lookupNormalized('phone', '+819000009999'));
      // A new variant of the campaign (another text, same domain) is blocked on the indicator.
      const v = (await t.app.inject({ method: 'POST', url: '/v1/sms/verdict', payload: { body: 'ご確認ください https://smbc-lock-check.top/other' } })).json();
      assert.ok(v.reasons.some((r: { code: string }) => r.code === 'indicator_bad_link'));
      assert.equal(v.action, 'block');
    } finally {
      await t.close();
    }
  });

  test('an official sender in the registry and official domains are never derived, however many report them', async () => {
    const { t, A } = await setup();
    try {
      const reports = Array.from({ length: 20 }, (_, i) => ({
        body: 'ヤマト運輸です。お荷物のお届け予定です https://www.kuronekoyamato.co.jp/ytc/customer/', sender: '0005010001', reporter: `+8190333300${String(i).padStart(2, '0')}`,
      }));
      assert.equal((await t.app.inject({ method: 'POST', url: '/v1/reports', headers: A, payload: { reports } })).statusCode, 200);
      assert.equal(t.services.intel.lookupNormalized('phone', '0005010001'), undefined);
      const official = t.services.intel.lookupNormalized('domain', 'kuronekoyamato.co.jp');
      assert.equal(official?.verdict, 'good', 'the allow-list entry is untouched');
    } finally {
      await t.close();
    }
  });

  test('an analyst rejection (allow-list) stands against later reports', async () => {
    const { t, A } = await setup();
    try {
      await t.services.intel.upsert([{ kind: 'domain', value: 'smbc-lock-check.top', verdict: 'good', source: 'analyst', confidence: 1 }]);
      for (let i = 0; i < 5; i++) {
        await t.app.inject({ method: 'POST', url: '/v1/reports', headers: A, payload: { reports: [{ body: LURE, reporter: `+8190444400${i}` }] } });
      }
      assert.equal(t.services.intel.lookupNormalized('domain', 'smbc-lock-check.top')?.verdict, 'good');
    } finally {
      await t.close();
    }
  });
});

describe('decay', () => {
  test('without new reports, confidence decays on the scheduled refresh; analyst decisions are untouched', async () => {
    const { ManualClock } = await import('../src/core/index.js');
    const clock = new ManualClock(Date.UTC(2026, 10, 1));
    const { compose } = await import('../src/server/index.js');
    const { loadConfig, silentLogger } = await import('../src/core/index.js');
    const services = await compose(loadConfig({ env: {}, overrides: { log: { level: 'silent' } } }), silentLogger, { memory: true, defaultMetrics: false, clock });
    try {
      const m = await services.access.addMember('carrier-a', 'carrier');
      await services.reports.submit(Array.from({ length: 10 }, (_, i) => ({ body: LURE, reporter: `+8190666600${i}` })), { memberId: m.id, channel: 'api' });
      const fresh = services.intel.lookupNormalized('domain', 'smbc-lock-check.top')!.confidence;
      await services.intel.upsert([{ kind: 'url', value: 'smbc-lock-check.top/verify', verdict: 'bad', source: 'analyst', confidence: 0.99 }]);
      clock.advance(30 * 86_400_000);
      assert.ok((await services.reportIndicators.refreshDecay()) >= 1);
      const decayed = services.intel.lookupNormalized('domain', 'smbc-lock-check.top')!.confidence;
      assert.ok(Math.abs(decayed - fresh / 2) < 0.02, `30 days halve it: ${fresh} → ${decayed}`);
      assert.equal(services.intel.lookupNormalized('url', 'smbc-lock-check.top/verify')!.confidence, 0.99, 'the analyst entry stands');
    } finally {
      await services.close();
    }
  });
});
