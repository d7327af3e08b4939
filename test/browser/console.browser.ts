/// <reference lib="dom" />
// The operator console in a real Chromium: a wrong key is refused with a message, the demo's analyst key logs in
// and sees the campaigns, and a campaign opens with its timeline, indicators and decision buttons.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launch, skipReason, startDemo, watchProblems, type Demo } from './harness.js';
import { saveScreenshot } from './screenshots.js';

describe('operator console in Chromium', { skip: skipReason, timeout: 240_000 }, () => {
  let demo: Demo;
  let browser: Browser;
  before(async () => {
    demo = await startDemo(['--subscribers', '3000', '--days', '7', '--live-rate', '0']);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  test('refuses a wrong key with a visible error and keeps the data hidden', async () => {
    const page = await browser.newPage();
    await page.goto(`${demo.url}/console`);
    await page.getByTestId('login-key').fill('mk_this-key-does-not-exist-0000000000000000');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').waitFor({ timeout: 10_000 });
    assert.ok(((await page.getByTestId('login-error').textContent()) ?? '').length > 0);
    assert.equal(await page.getByTestId('campaign-row').count(), 0);
    await page.close();
  });

  test('logs in with an analyst key, lists campaigns and opens one', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchProblems(page);
    const res = await page.goto(`${demo.url}/console`);
    assert.match(res?.headers()['content-security-policy'] ?? '', /default-src 'self'/);
    await page.getByTestId('login-key').fill(demo.key);
    await page.getByTestId('login-submit').click();
    const rows = page.getByTestId('campaign-row');
    await rows.first().waitFor({ timeout: 20_000 });
    assert.ok((await rows.count()) > 0);
    await saveScreenshot(page, 'console.png');
    await rows.first().click();
    const detail = page.getByTestId('campaign-detail');
    await detail.waitFor({ timeout: 10_000 });
    // The detail loads its parts one after another: wait for them rather than count what is there yet.
    await page.getByTestId('indicator-row').first().waitFor({ timeout: 10_000 });
    assert.ok((await page.getByTestId('indicator-row').count()) > 0, 'the campaign lists its indicators');
    assert.ok((await detail.getByRole('button').count()) >= 2, 'decision buttons are there');
    await saveScreenshot(page, 'console-campaign.png');
    // The key is kept for the tab only, never in localStorage.
    assert.equal(await page.evaluate(() => JSON.stringify(localStorage).includes('mk_')), false);
    assert.deepEqual(problems.filter((p) => !/401|403/.test(p)), []);
    await page.close();
  });
});
