// The live counter (/v1/stats/live, server-sent events) over a real listening server: the current figures arrive
// on connect, new detections reach an open stream within a few poll periods, and closing the server ends the
// stream instead of hanging on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get as httpGet, type ClientRequest } from 'node:http';
import { Readable } from 'node:stream';
import { InProcessBus, ManualClock, silentLogger } from '../src/core/index.js';
import { startStatsRole } from '../src/server/index.js';
import { testApp } from './helpers/app.js';

/** Thursday 2026-11-19 12:20 JST. */
const T0 = Date.UTC(2026, 10, 19, 3, 20);
const LURE = '【重要】ドコモご利用料金の未払いがあります。本日中にお手続きください。 https://d0como-pay.top/login';

interface LiveEvent { at: number; scamToday: number; scamLast60m: number; scamLast24h: number; lastMinute: { t: number; scam: number } }

/** Reads an event stream in the background; `next(pred)` waits for the first event after `from` that matches. */
function sseReader(body: ReadableStream<Uint8Array>) {
  const events: LiveEvent[] = [];
  const waiters = new Set<() => void>();
  let ended = false;
  let buffered = '';
  const wake = () => {
    for (const w of waiters) w();
  };
  let aborted = false;
  const done = (async () => {
    const decoder = new TextDecoder();
    const reader = body.getReader();
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch {
        // This side hung up (the test aborted the request): not the server ending the stream.
        aborted = true;
        break;
      }
      const { value, done: end } = chunk;
      if (end) break;
      buffered += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffered.indexOf('\n\n')) >= 0) {
        const block = buffered.slice(0, cut);
        buffered = buffered.slice(cut + 2);
        const lines = block.split('\n');
        if (lines.includes('event: stats')) {
          const data = lines.find((l) => l.startsWith('data: '));
          assert.ok(data, `an event without data: ${block}`);
          events.push(JSON.parse(data.slice(6)) as LiveEvent);
        }
      }
      wake();
    }
    ended = !aborted;
    wake();
  })();
  const waitFor = (ok: () => boolean, ms: number, what: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = () => {
        if (ok()) {
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out after ${ms} ms waiting for ${what}; events so far: ${JSON.stringify(events)}`));
      }, ms);
      waiters.add(check);
      check();
    });
  /** True when the server ended the stream (not when this side aborted it). */
  return { events, done, ended: () => ended, waitFor };
}

void test('live stream: figures on connect, a higher scamToday after new detections, and the stream ends when the server closes', { timeout: 20_000 }, async () => {
  const clock = new ManualClock(T0);
  const t = await testApp({ monitor: { flushEveryMs: 50, liveEveryMs: 200, web: false } }, { clock });
  const worker = await startStatsRole(t.config, t.services, silentLogger, Array.from({ length: t.config.bus.partitions }, (_, i) => i));
  const abort = new AbortController();
  let closed = false;
  try {
    const classify = (n: number, first: number) => {
      for (let i = 0; i < n; i++) {
        const v = t.services.sms.classify({ body: LURE, from: `+81901234${String(first + i).padStart(4, '0')}`, route: 'handset' }, 'network');
        assert.notEqual(v.action, 'allow', 'precondition: the lure is detected');
      }
    };
    classify(2, 0);
    assert.ok(t.services.bus instanceof InProcessBus);
    await t.services.bus.drain();
    await worker.flush();

    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const started = Date.now();
    const res = await fetch(`${address}/v1/stats/live`, { signal: abort.signal });
    assert.equal(res.status, 200);
    assert.match(String(res.headers.get('content-type')), /^text\/event-stream/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.match(String(res.headers.get('cache-control')), /no-cache/);
    assert.ok(res.body);
    const sse = sseReader(res.body);

    // On connect: the current figures at once, well before the first poll period would have passed twice.
    await sse.waitFor(() => sse.events.length >= 1, 2_000, 'the first event');
    const first = sse.events[0]!;
    assert.ok(Date.now() - started < 2_000);
    assert.equal(first.scamToday, 2);
    assert.equal(first.scamLast60m, 2);
    assert.equal(first.scamLast24h, 2);
    assert.deepEqual(first.lastMinute, { t: T0, scam: 2 });
    assert.equal(first.at, T0);

    // Three more detections: the worker flushes on its own timer, the feed polls, the stream gets the change.
    classify(3, 100);
    await sse.waitFor(() => sse.events.some((e) => e.scamToday === 5), 5_000, 'scamToday 5');
    const latest = sse.events.find((e) => e.scamToday === 5)!;
    assert.equal(latest.scamLast60m, 5);
    assert.deepEqual(latest.lastMinute, { t: T0, scam: 5 });
    // Counts only go up: no event in between went backwards or past the truth.
    const seen = sse.events.map((e) => e.scamToday);
    assert.deepEqual(seen, [...seen].sort((a, b) => a - b));
    assert.ok(seen.every((n) => n >= 2 && n <= 5), seen.join());

    // Closing the server ends the open stream (preClose), and close itself does not wait on the stream.
    const closing = t.app.close();
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('app.close() hung on the open stream')), 5_000).unref());
    await Promise.race([closing, timeout]);
    closed = true;
    await Promise.race([sse.done, timeout]);
    assert.equal(sse.ended(), true);
  } finally {
    abort.abort();
    await worker.stop();
    if (!closed) await t.app.close();
    await t.services.close();
  }
});

void test('two viewers share one feed: both get the figures on connect, and one leaving does not end the other', { timeout: 20_000 }, async () => {
  const clock = new ManualClock(T0);
  const t = await testApp({ monitor: { flushEveryMs: 50, liveEveryMs: 200, web: false } }, { clock });
  const worker = await startStatsRole(t.config, t.services, silentLogger, Array.from({ length: t.config.bus.partitions }, (_, i) => i));
  // node:http clients: a viewer that leaves drops its connection at once (fetch's abort keeps the socket for its
  // keep-alive time, which would only slow the server's close down).
  const open = (url: string) => new Promise<{ req: ClientRequest; body: ReadableStream<Uint8Array> }>((resolve, reject) => {
    const req = httpGet(url, (res) => resolve({ req, body: Readable.toWeb(res) as ReadableStream<Uint8Array> }));
    req.on('error', reject);
  });
  const viewers: ClientRequest[] = [];
  try {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const a = await open(`${address}/v1/stats/live`);
    const b = await open(`${address}/v1/stats/live`);
    viewers.push(a.req, b.req);
    const sa = sseReader(a.body);
    const sb = sseReader(b.body);
    await sa.waitFor(() => sa.events.length >= 1, 2_000, 'viewer A: first event');
    await sb.waitFor(() => sb.events.length >= 1, 2_000, 'viewer B: first event');
    assert.equal(sa.events[0]!.scamToday, 0);
    assert.equal(sb.events[0]!.scamToday, 0);
    a.req.destroy(); // viewer A leaves
    t.services.sms.classify({ body: LURE, from: '+819012349999', route: 'handset' }, 'network');
    await sb.waitFor(() => sb.events.some((e) => e.scamToday === 1), 5_000, 'viewer B: scamToday 1');
    await t.app.close();
    await sb.done;
    assert.equal(sb.ended(), true, 'the server ended B\'s stream on close');
  } finally {
    for (const v of viewers) v.destroy();
    await worker.stop();
    await t.app.close();
    await t.services.close();
  }
});
