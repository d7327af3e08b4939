// The simulator's promises: determinism, time order, well-formed records, a ground truth that matches the stream,
// the families' daily rhythm, heavy legitimate senders, and a volume near one message per line per day.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { AppError } from '../core/index.js';
import { CARRIERS, OTHER_CARRIER, resolveOptions, Simulation, type InfectedTruth, type SimMessage, type SimOptions } from './index.js';
import { NumberSpace, formatMobile, parseMobile } from './numbers.js';
import { smsLine } from './writer.js';

const JST = 9 * 3_600_000;
const jstHour = (ms: number): number => Math.floor((ms + JST) / 3_600_000) % 24;

function run(o: SimOptions): { messages: SimMessage[]; sim: Simulation } {
  const sim = new Simulation(o);
  const messages: SimMessage[] = [];
  for (const b of sim.batches()) for (const m of b) messages.push(m);
  return { messages, sim };
}

function digest(o: SimOptions): string {
  const sim = new Simulation(o);
  const h = createHash('sha256');
  for (const b of sim.batches()) for (const m of b) h.update(smsLine(m));
  h.update(JSON.stringify(sim.truth()));
  h.update(JSON.stringify(sim.meta()));
  return h.digest('hex');
}

// One small world with many infections (so the statistics below have enough lines) and a high spread
// probability (so spread infections exist in two days).
const EPIDEMIC: SimOptions = { seed: 11, subscribers: 10_000, days: 2, seedInfectionsPer100kDay: 400, spreadProbability: 0.05 };
const world = run(EPIDEMIC);
const infected = world.sim.truth().filter((t): t is InfectedTruth => t.kind === 'infected');

describe('simulator', () => {
  test('the same seed and options give identical bytes; another seed gives other bytes', () => {
    const o = { seed: 5, subscribers: 5000, days: 1 };
    assert.equal(digest(o), digest(o));
    assert.notEqual(digest(o), digest({ ...o, seed: 6 }));
  });

  test('messages are in non-decreasing time order with increasing ids, inside the run', () => {
    const { messages, sim } = world;
    for (let i = 1; i < messages.length; i++) {
      assert.ok(messages[i]!.tsMs >= messages[i - 1]!.tsMs, `out of order at ${i}`);
      assert.ok(messages[i]!.id > messages[i - 1]!.id);
    }
    assert.ok(messages[0]!.tsMs >= sim.start && messages.at(-1)!.tsMs < sim.end);
  });

  test('every sms.jsonl line parses back to the record, with well-formed fields and no label', () => {
    for (const m of world.messages) {
      const line = smsLine(m);
      const r = JSON.parse(line) as Record<string, unknown>;
      assert.deepEqual(Object.keys(r), ['id', 'ts', 'from', 'to', 'body', 'route', 'carrier', 'toCarrier']);
      assert.equal(r.body, m.body);
      assert.equal(r.ts, new Date(m.tsMs).toISOString());
      assert.match(m.id, /^s\d{8,}$/);
      assert.ok(m.body.length > 0);
      assert.ok([...CARRIERS, OTHER_CARRIER].includes(m.carrier));
      // "other" is only for numbers outside the population: they chat, and overseas lures reach some of them.
      if (m.carrier === OTHER_CARRIER) assert.ok(m.label === 'chat' || m.label === 'overseas_smishing', m.label);
      assert.match(m.to, /^\+\d{8,15}$/);
      if (m.route === 'aggregator') assert.match(m.from, /^(0005\d{4,6}|[A-Za-z][A-Za-z!]*)$/);
      else if (m.route === 'handset') assert.match(m.from, /^\+81[789]0[1-9]\d{7}$/);
      else assert.ok(/^\+(?!81)\d{8,15}$/.test(m.from) || /^[A-Za-z]+$/.test(m.from), m.from);
    }
  });

  test('infected lines send smishing only between infection and cleaning, and each one sends', () => {
    const byLine = new Map<string, SimMessage[]>();
    for (const m of world.messages) if (m.label === 'moqhao' || m.label === 'keepspy') (byLine.get(m.from) ?? byLine.set(m.from, []).get(m.from)!).push(m);
    assert.ok(infected.length >= 30, `only ${infected.length} infected lines`);
    for (const t of infected) {
      const sent = byLine.get(t.line) ?? [];
      assert.equal(sent.length, t.sent, t.line);
      const start = Date.parse(t.infectedAt);
      const stop = t.cleanedAt ? Date.parse(t.cleanedAt) : Infinity;
      for (const m of sent) assert.ok(m.tsMs > start && m.tsMs < stop, `${t.line} sent outside its infection`);
      for (const m of sent) assert.equal(m.label, t.family);
      // The malware starts within hours (at the latest in its family's next sending window).
      if (start < world.sim.end - 24 * 3_600_000) assert.ok(sent.length > 0, `${t.line} never sent`);
    }
    // Every smishing sender on a handset is in the truth.
    for (const line of byLine.keys()) assert.ok(infected.some((t) => t.line === line), line);
  });

  test('spread infections have a parent infected earlier that texted them before their infection', () => {
    const spread = infected.filter((t) => t.source === 'spread');
    assert.ok(spread.length > 0, 'no spread infections');
    const at = new Map(infected.map((t) => [t.line, Date.parse(t.infectedAt)]));
    const firstLure = new Map<string, number>();
    for (const m of world.messages) if (m.label === 'moqhao' || m.label === 'keepspy') if (!firstLure.has(`${m.from}>${m.to}`)) firstLure.set(`${m.from}>${m.to}`, m.tsMs);
    for (const t of spread) {
      assert.ok(t.parent !== null);
      const parentAt = at.get(t.parent);
      assert.ok(parentAt !== undefined && parentAt < Date.parse(t.infectedAt), `${t.line}: parent not infected earlier`);
      assert.ok((firstLure.get(`${t.parent}>${t.line}`) ?? Infinity) < Date.parse(t.infectedAt), `${t.line}: no lure from the parent`);
      assert.equal(infected.find((p) => p.line === t.parent)!.family, t.family);
    }
    for (const t of infected.filter((x) => x.source === 'seed')) assert.equal(t.parent, null);
  });

  test('MoqHao sends mostly in the daytime, KeepSpy mostly in the evening, people rarely text at night', () => {
    const share = (label: string, from: number, to: number): number => {
      const ms = world.messages.filter((m) => m.label === label);
      return ms.filter((m) => jstHour(m.tsMs) >= from && jstHour(m.tsMs) < to).length / ms.length;
    };
    assert.ok(share('moqhao', 9, 18) > 0.7, `moqhao daytime ${share('moqhao', 9, 18)}`);
    assert.ok(share('keepspy', 18, 24) > 0.6, `keepspy evening ${share('keepspy', 18, 24)}`);
    assert.ok(share('chat', 1, 6) < 0.05, `chat at night ${share('chat', 1, 6)}`);
  });

  test('heavy legitimate lines are in the truth, cover each profile, and some send 100+ messages within an hour', () => {
    const heavy = world.sim.truth().filter((t) => t.kind === 'heavy_legit');
    assert.deepEqual(new Set(heavy.map((h) => h.kind === 'heavy_legit' && h.profile)), new Set(['shop', 'club', 'greetings']));
    let best = 0;
    for (const h of heavy) {
      const ts = world.messages.filter((m) => m.from === h.line && m.label === 'heavy_legit').map((m) => m.tsMs);
      for (let i = 0, j = 0; j < ts.length; j++) {
        while (ts[j]! - ts[i]! >= 3_600_000) i++;
        best = Math.max(best, j - i + 1);
      }
    }
    assert.ok(best >= 100, `busiest heavy line sent ${best} in an hour`);
  });

  test('volume is about one message per line per day, most of it person to person', () => {
    const { messages } = run({ seed: 2, subscribers: 10_000, days: 2 });
    const perLineDay = messages.length / (10_000 * 2);
    assert.ok(perLineDay > 0.6 && perLineDay < 1.6, `volume ${perLineDay}`);
    const chat = messages.filter((m) => m.label === 'chat').length / messages.length;
    assert.ok(chat > 0.4 && chat < 0.8, `chat share ${chat}`);
    assert.ok(messages.some((m) => m.route === 'international') && messages.some((m) => m.route === 'handset' && !m.to.startsWith('+81')));
  });

  test('messages() streams the same messages as batches(), and a simulation runs only once', async () => {
    const o = { seed: 8, subscribers: 2000, days: 1 };
    const sim = new Simulation(o);
    const ids: string[] = [];
    for await (const m of sim.messages()) ids.push(m.id);
    assert.deepEqual(ids, run(o).messages.map((m) => m.id));
    assert.throws(() => sim.batches().next());
    assert.throws(() => new Simulation(o).truth(), /after every batch/);
  });

  test('meta counts agree with the stream', () => {
    const c = world.sim.meta().counts;
    assert.equal(c.messages, world.messages.length);
    assert.equal(c.byRoute.handset + c.byRoute.aggregator + c.byRoute.international, c.messages);
    assert.equal(c.smishingMessages.total + c.legitMessages, c.messages);
    assert.equal(c.infectedLines, infected.length);
    assert.equal(c.smishingMessages.moqhao, world.messages.filter((m) => m.label === 'moqhao').length);
  });

  test('bad options are refused with VALIDATION_FAILED naming each one', () => {
    for (const bad of [{ subscribers: 0 }, { subscribers: 10_000_001 }, { days: 367 }, { days: 1.5 }, { seed: -1 }, { start: '2026-02-30' }, { start: 'tomorrow' }]) {
      assert.throws(() => resolveOptions({ seed: 1, subscribers: 10, days: 1, ...bad }), (e: unknown) => e instanceof AppError && e.code === 'VALIDATION_FAILED', JSON.stringify(bad));
    }
    assert.throws(() => resolveOptions({ seed: 1.5, subscribers: -3, days: 0 }), (e: unknown) => e instanceof AppError && (e.details as { problems: string[] }).problems.length === 3);
  });

  test('subscriber numbers are unique Japanese mobile numbers, and the number space maps back', () => {
    const space = new NumberSpace(9);
    const seen = new Set<number>();
    for (let i = 0; i < 20_000; i++) {
      const v = space.encode(i);
      assert.equal(space.decode(v), i);
      assert.ok(!seen.has(v));
      seen.add(v);
      const e164 = formatMobile(v);
      assert.match(e164, /^\+81[789]0[1-9]\d{7}$/);
      assert.equal(parseMobile(e164), v);
    }
  });
});
