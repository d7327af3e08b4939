/// <reference lib="dom" />
// The subscriber's settings page in a real Chromium, as a carrier deploys it: the member portal's backend asks for a
// link with its member key and sends the browser there; the subscriber turns scam SMS blocking off, sees the
// confirmation, and the API shows the line opted out. Once with the link opened directly, once followed from a
// portal on another site (localhost vs 127.0.0.1), where the browser withholds SameSite=Strict cookies on the
// redirect chain and the page has to take one more, same-site, step.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { loadConfig, silentLogger } from '../../src/core/index.js';
import { buildApp, compose, type Services } from '../../src/server/index.js';
import { launch, skipReason, watchProblems } from './harness.js';
import { saveScreenshot } from './screenshots.js';

const LINE = '090-3333-4444';

describe('subscriber settings page in Chromium', { skip: skipReason, timeout: 120_000 }, () => {
  let services: Services;
  let app: FastifyInstance;
  let base: string;
  let key: string;
  let portal: Server;
  let portalBase: string;
  let browser: Browser;

  /** What the portal's backend does: ask for a link with its member key. */
  const askLink = async (): Promise<string> => {
    const res = await fetch(`${base}/v1/filter/${LINE}/page-link`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });
    assert.equal(res.status, 201);
    return `${base}${(await res.json() as { url: string }).url}`;
  };
  const apiSettings = async () => {
    const res = await fetch(`${base}/v1/filter/${LINE}`, { headers: { authorization: `Bearer ${key}` } });
    return await res.json() as { network: boolean; client: boolean; changedBy: string | null };
  };
  const setNetwork = (network: boolean) =>
    fetch(`${base}/v1/filter/${LINE}`, { method: 'PUT', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ network }) });

  before(async () => {
    // Plain HTTP on 127.0.0.1 with the default Secure cookie: Chromium treats loopback as a secure context.
    const config = loadConfig({ env: {}, overrides: { log: { level: 'silent' }, intel: { operatorName: 'carrier-a' }, notify: { carrierName: 'まもるモバイル' }, monitor: { web: false } } });
    services = await compose(config, silentLogger, { memory: true, defaultMetrics: false });
    app = await buildApp(config, services, silentLogger);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    const member = await services.access.addMember('carrier-a', 'carrier');
    key = (await services.access.createKey(member.id, 'member', 'member portal')).key;
    // The member portal: a page with a link to its own /go, which asks for a link and redirects the browser to it.
    portal = createServer((req, res) => {
      if (req.url === '/go') {
        askLink().then((url) => res.writeHead(303, { location: url }).end(), () => res.writeHead(500).end());
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>My page</title><a id="go" href="/go">迷惑SMS対策の設定</a>');
    });
    await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
    portalBase = `http://localhost:${(portal.address() as { port: number }).port}`;
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => portal?.close(resolve));
    await app?.close();
    await services?.close();
  });

  /** On the settings page: turns network filtering off and checks the confirmation, the page, the API. */
  async function switchOff(ctx: BrowserContext, screenshot?: string): Promise<void> {
    const page = ctx.pages()[0]!;
    const off = page.getByTestId('network-off');
    await off.waitFor({ timeout: 10_000 });
    assert.equal(new URL(page.url()).searchParams.has('t'), false, 'the token has left the address bar');
    assert.match((await page.locator('#network .state').textContent()) ?? '', /オン/);
    await off.click();
    const done = page.getByTestId('done');
    await done.waitFor({ timeout: 10_000 });
    assert.match((await done.textContent()) ?? '', /迷惑SMSブロックをオフにしました/);
    assert.match((await page.locator('#network .state').textContent()) ?? '', /オフ/);
    assert.equal(await page.getByTestId('network-on').count(), 1, 'the form now offers to turn it back on');
    const body = (await page.textContent('body')) ?? '';
    assert.ok(!body.includes('3333') && !body.includes('4444'), 'the number is not shown');
    assert.match((await page.getByTestId('not-yours').textContent()) ?? '', /ほかの方の回線の設定かもしれません/, 'what to do if someone else sent the link');
    if (screenshot) await saveScreenshot(page, screenshot);
    const api = await apiSettings();
    assert.deepEqual([api.network, api.changedBy], [false, 'subscriber:page'], 'the API shows it off');
    const [cookie] = await ctx.cookies();
    assert.deepEqual([cookie?.httpOnly, cookie?.secure, cookie?.sameSite, cookie?.path], [true, true, 'Strict', '/my/sms-settings']);
    assert.equal((await ctx.cookies()).length, 1, 'one cookie, on the page\'s own path');
  }

  test('a link from the API, opened: switch network filtering off, see the confirmation, the API shows it off', async () => {
    const ctx = await browser.newContext({ viewport: { width: 900, height: 1100 } });
    const page = await ctx.newPage();
    const problems = watchProblems(page);
    const url = await askLink();
    const res = await page.goto(url);
    assert.equal(res?.status(), 200);
    assert.match(res?.headers()['content-security-policy'] ?? '', /form-action 'self'/);
    await switchOff(ctx, 'settings-page.png');
    // The link was used: opening it again shows the "open it again from the member site" page.
    const again = await ctx.newPage();
    const gone = await again.goto(url);
    assert.equal(gone?.status(), 410);
    assert.match((await again.textContent('body')) ?? '', /もう一度「迷惑SMS対策の設定」を開いてください/);
    await page.getByTestId('finish').click();
    await page.getByTestId('finished').waitFor({ timeout: 10_000 });
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test('followed from the member portal on another site: one same-site step, then the same page', async () => {
    assert.equal((await setNetwork(true)).status, 200);
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const problems = watchProblems(page);
    await page.goto(`${portalBase}/`);
    await page.click('#go');
    await page.waitForURL(/\/my\/sms-settings\?via=self$/, { timeout: 10_000 });
    await switchOff(ctx);
    assert.deepEqual(problems, []);
    await ctx.close();
  });
});
