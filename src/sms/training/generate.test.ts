import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateCorpus, splitTemplates, type SyntheticExample } from './generate.js';
import { FAMILIES } from './families/index.js';
import { BRANDS } from './brands.js';
import { LABELS } from './family.js';

const small = { train: 300, dev: 100 };
// One full-size corpus shared by the checks below (about half a second to build).
const full = generateCorpus(7726);
const all: SyntheticExample[] = [...full.train, ...full.dev];

test('the same seed gives the same corpus, another seed a different one', () => {
  assert.deepEqual(generateCorpus(11, small), generateCorpus(11, small));
  assert.notDeepEqual(generateCorpus(11, small).train, generateCorpus(12, small).train);
});

test('dev uses only held-out templates, so dev figures measure new wordings', () => {
  const pools = splitTemplates();
  const trainIds = new Set(pools.train.map((t) => t.id));
  assert.ok(pools.dev.every((t) => !trainIds.has(t.id)));
  const trainUsed = new Set(full.train.map((e) => e.template));
  for (const e of full.dev) assert.ok(!trainUsed.has(e.template), `${e.template} is in both splits`);
});

test('every family with two or more templates has templates in both pools', () => {
  const pools = splitTemplates();
  for (const f of FAMILIES) {
    if (f.templates.length < 2) continue;
    assert.ok(pools.train.some((t) => t.family === f), `${f.id} has no train template`);
    assert.ok(pools.dev.some((t) => t.family === f), `${f.id} has no dev template`);
  }
});

test('sizes, labels and the legit share match the brief (≥ 45 % legit, every label in both splits)', () => {
  assert.equal(full.train.length, 6000);
  assert.equal(full.dev.length, 2000);
  for (const split of [full.train, full.dev]) {
    for (const label of LABELS) assert.ok(split.some((e) => e.label === label), `no ${label}`);
    assert.ok(split.filter((e) => e.label === 'legit').length / split.length >= 0.45);
  }
});

test('no template syntax leaks into the text and no text repeats', () => {
  for (const e of all) assert.doesNotMatch(e.text, /[{}]/, `${e.template}: ${e.text}`);
  const keys = all.map((e) => e.text.normalize('NFKC').replace(/\s+/g, ' ').trim());
  assert.equal(new Set(keys).size, keys.length);
});

function hosts(text: string): string[] {
  const t = text.normalize('NFKC').replace(/\[\.\]/g, '.');
  // 'http://xxx.xxx' is a placeholder the way web pages quote links, not a host.
  return [...t.matchAll(/h(?:tt|xx)ps?:\/\/([a-z0-9.-]+)/gi)].map((m) => (m[1] as string).toLowerCase()).filter((h) => /[a-z0-9]\.[a-z0-9]/.test(h) && h !== 'xxx.xxx');
}

const SHARED_PLATFORMS = new Set(['lin.ee', 'line.me', 'forms.gle', 'docs.google.com']);
const officialDomains = Object.values(BRANDS).flatMap((b) => b.official.map((h) => h.replace(/^www\./, '')));

test('lure links never sit on a brand\'s real domain; genuine links to brands only use official hosts', () => {
  for (const e of all) {
    for (const h of hosts(e.text)) {
      // LINE invitations and form links are real platform hosts used by shops and spammers alike.
      if (SHARED_PLATFORMS.has(h)) continue;
      const onOfficial = officialDomains.some((d) => h === d || h.endsWith(`.${d}`));
      if (e.label !== 'legit') assert.ok(!onOfficial, `lure link on an official domain: ${h}`);
    }
  }
  const officialFamilies = new Set(['legit-card', 'legit-bank', 'legit-carrier', 'legit-delivery', 'legit-ecommerce']);
  for (const e of all.filter((x) => officialFamilies.has(x.family))) {
    for (const h of hosts(e.text)) assert.ok(officialDomains.some((d) => h === d || h.endsWith(`.${d}`)), `${e.family} links to ${h}`);
  }
});

test('bare IP links only use documentation ranges (RFC 5737)', () => {
  for (const e of all) {
    for (const h of hosts(e.text)) {
      if (/^\d+\.\d+\.\d+\.\d+$/.test(h)) assert.match(h, /^(192\.0\.2|198\.51\.100|203\.0\.113)\./);
    }
  }
});

test('senders follow the route: smishing mostly from domestic handsets, genuine A2P from 0005/fixed/0120/0570', () => {
  const lures = all.filter((e) => e.label === 'smishing');
  const handset = lures.filter((e) => e.route === 'domestic-mobile' && /^0[789]0\d{8}$/.test(e.from)).length;
  assert.ok(handset / lures.length > 0.95);
  for (const e of all.filter((x) => x.route === 'domestic-a2p')) assert.match(e.from, /^(0005\d{4,6}|03\d{8}|0120\d{6}|0570\d{6})$/);
  for (const e of all.filter((x) => x.route === 'overseas')) assert.match(e.from, /^\+\d{10,13}$/);
});
