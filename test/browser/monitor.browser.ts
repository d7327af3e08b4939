/// <reference lib="dom" />
// The public monitor in a real Chromium against a served demo store: charts draw non-empty series, the live
// counter moves as new verdicts arrive, the gallery shows no unmasked number and no link, nothing breaks the
// Content-Security-Policy, the English switch works, and a phone-width screen needs no sideways scrolling.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launch, skipReason, startDemo, watchProblems, type Demo } from './harness.js';
import { saveScreenshot } from './screenshots.js';

const CHARTS = ['chart-hourly', 'chart-daily', 'chart-heatmap', 'chart-brands', 'chart-families', 'chart-infected'];
/** A phone number in any common written form, after full-width digits are folded. */
const PHONE = /(?:\+?81[\s-]?|0)\d{1,4}[\s-]?\d{1,4}[\s-]?\d{3,4}|\d{7,}/;
const fold = (s: string) => s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
const count = (text: string | null) => Number((text ?? '').replace(/[^0-9]/g, ''));

describe('public monitor in Chromium', { skip: skipReason, timeout: 240_000 }, () => {
  let demo: Demo;
  let browser: Browser;
  before(async () => {
    demo = await startDemo();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  test('loads with simulator data: every chart draws a non-empty series, without console errors or CSP violations', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchProblems(page);
    const res = await page.goto(`${demo.url}/`);
    assert.equal(res?.status(), 200);
    const csp = res?.headers()['content-security-policy'] ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(await page.getAttribute('html', 'lang'), 'ja');
    for (const id of CHARTS) {
      const chart = page.locator(`[data-testid="${id}"][data-points]`);
      await chart.waitFor({ timeout: 20_000 });
      const points = Number(await chart.getAttribute('data-points'));
      assert.ok(points > 0, `${id} drew ${points} points`);
      assert.ok((await chart.locator('canvas').count()) > 0, `${id} has a canvas`);
    }
    assert.ok(count(await page.getByTestId('infected-now').textContent()) > 0, 'infected handsets estimate shown');
    await saveScreenshot(page, 'monitor.png');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the live counter moves when new verdicts arrive (server-sent events, no reload)', async () => {
    const page = await browser.newPage();
    await page.goto(`${demo.url}/`);
    const today = page.getByTestId('live-today');
    await today.waitFor();
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="live-today"]')?.textContent ?? ''));
    const first = count(await today.textContent());
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    await page.waitForFunction((n) => Number((document.querySelector('[data-testid="live-today"]')?.textContent ?? '').replace(/[^0-9]/g, '')) > n, first, { timeout: 30_000 });
    assert.ok(count(await today.textContent()) > first);
    assert.deepEqual(navigations, [], 'the page did not reload');
    await page.close();
  });

  test('the gallery shows confirmed messages with every number masked and no clickable link', async () => {
    const page = await browser.newPage();
    await page.goto(`${demo.url}/`);
    const items = page.getByTestId('gallery-item');
    await items.first().waitFor({ timeout: 20_000 });
    const texts = await items.allTextContents();
    assert.ok(texts.length > 0);
    for (const t of texts) {
      assert.doesNotMatch(fold(t), PHONE, `unmasked number in: ${t}`);
      assert.doesNotMatch(t, /https?:\/\//i, `live link in: ${t}`);
    }
    assert.equal(await page.getByTestId('gallery').locator('a[href]').count(), 0, 'no links in the gallery');
    await page.close();
  });

  test('English switch, and a phone-width screen without sideways scrolling', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 }, isMobile: true });
    const problems = watchProblems(page);
    await page.goto(`${demo.url}/`);
    await page.getByTestId('chart-hourly').locator('canvas').first().waitFor({ timeout: 20_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `page is ${overflow}px wider than the screen`);
    await saveScreenshot(page, 'monitor-mobile.png', { fullPage: false });
    await page.getByTestId('lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.match(await page.locator('h1').first().textContent() ?? '', /[A-Za-z]/);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
