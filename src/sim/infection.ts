// Infected handsets (DESIGN §1). A line is infected from outside (seed: an APK installed from some other lure) or
// by following a lure it received from an infected line (spread: 1–48 h later, parent recorded). The malware
// starts within minutes to hours, first working through the contact list, then random and sequential numbers
// from its controller, in bursts of 20–200 messages 5–90 s apart during its family's hours (MoqHao by day,
// KeepSpy in the evening), a few bursts a day; a fifth of handsets trickle instead (one message every 5–15
// minutes), below the rates a simple threshold would catch. Some owners factory-reset after 1–7 days.

import { DAY, HOUR, jstHour, MINUTE, P2P_WORKDAY } from './calendar.js';
import type { Campaigns } from './campaigns.js';
import { MOBILE_SPACE } from './numbers.js';
import type { Party, Population } from './population.js';
import { label, Rng } from './prng.js';
import type { ResolvedOptions } from './options.js';
import type { Sink } from './sink.js';
import type { Family, Variant } from './texts-smishing.js';
import type { InfectedTruth } from './types.js';

/** Sending hours (JST) of each family: MoqHao in the daytime, KeepSpy in the evening. */
const WINDOWS: Record<Family, [number, number]> = { moqhao: [9, 18], keepspy: [18, 23] };
/** Share of bursts that start outside the family's window (the rhythm is "mostly", not "always"). */
const OFF_WINDOW = 0.12;
const JST = 9 * HOUR;

interface Burst {
  start: number;
  slow: boolean;
}

interface Infection {
  idx: number;
  family: Family;
  source: 'seed' | 'spread';
  parent: number;
  infectedAt: number;
  /** When the owner factory-resets (may be after the end of the run), or Infinity. */
  cleanAt: number;
  slow: boolean;
  rng: Rng;
  /** Next JST day (days since the epoch, JST) to plan, and the planned bursts. */
  nextDay: number;
  queue: Burst[];
  busyUntil: number;
  contactCursor: number;
  contactCount: number;
  sent: number;
  firstSent: number;
  /** Send time of every smishing message (ms), for the ground truth. */
  times: number[];
}

interface Pending {
  at: number;
  seq: number;
  idx: number;
  parent: number;
  family: Family;
}

const STATE_INFECTED = 1;
const STATE_RESERVED = 2;

export class Epidemic {
  /** Per line: 0 = susceptible, 1 = infected or scheduled, 2 = reserved (a heavy legitimate sender). */
  private readonly state: Uint8Array;
  private readonly heap: Pending[] = [];
  private seq = 0;
  private readonly all: Infection[] = [];
  private active: Infection[] = [];

  constructor(
    private readonly seed: number,
    private readonly pop: Population,
    private readonly opts: ResolvedOptions,
    private readonly campaigns: Campaigns,
    private readonly runStart: number,
    private readonly runEnd: number,
  ) {
    this.state = new Uint8Array(pop.size);
  }

  reserve(idx: number): void {
    this.state[idx] = STATE_RESERVED;
  }

  hour(h: number, start: number, sink: Sink): void {
    const end = start + HOUR;
    this.seedInfections(new Rng(this.seed, label('seed-infections'), h), start);
    while (this.heap.length > 0 && this.heap[0]!.at < end) this.activate(popHeap(this.heap)!);
    const still: Infection[] = [];
    for (const inf of this.active) if (this.run(inf, end, sink)) still.push(inf);
    this.active = still;
  }

  truth(): InfectedTruth[] {
    return this.all.map((i) => ({
      kind: 'infected',
      line: this.pop.number(i.idx),
      family: i.family,
      infectedAt: new Date(i.infectedAt).toISOString(),
      cleanedAt: i.cleanAt < this.runEnd ? new Date(i.cleanAt).toISOString() : null,
      source: i.source,
      parent: i.parent >= 0 ? this.pop.number(i.parent) : null,
      sent: i.sent,
      firstSentAt: i.firstSent >= 0 ? new Date(i.firstSent).toISOString() : null,
      smishingAt: i.times,
    }));
  }

  private seedInfections(rng: Rng, start: number): void {
    // People install the APK while they are using their phones: follow the daily rhythm of chats.
    const n = rng.poisson(((this.pop.size * this.opts.seedInfectionsPer100kDay) / 100_000) * P2P_WORKDAY[jstHour(start)]!);
    for (let k = 0; k < n; k++) {
      for (let attempt = 0; attempt < 64; attempt++) {
        const idx = this.pop.sampleUniform(rng);
        if (this.state[idx] !== 0 || !this.pop.isAndroid(idx)) continue;
        this.schedule(start + Math.floor(rng.float() * HOUR), idx, -1, rng.chance(0.55) ? 'moqhao' : 'keepspy');
        break;
      }
    }
  }

  private schedule(at: number, idx: number, parent: number, family: Family): void {
    if (at >= this.runEnd) return;
    this.state[idx] = STATE_INFECTED;
    pushHeap(this.heap, { at, seq: this.seq++, idx, parent, family });
  }

  private activate(p: Pending): void {
    const rng = new Rng(this.seed, label('infection'), p.idx);
    const cleanAt = rng.chance(this.opts.cleanProbability) ? p.at + Math.floor(rng.range(1, 7) * DAY) : Infinity;
    // The malware starts 5 minutes to 2 hours after installation with a first burst through the contacts; outside
    // its family's hours it usually waits for the next window (its controller's schedule) instead.
    let first = p.at + Math.floor(rng.range(5, 120) * MINUTE);
    const [from, to] = WINDOWS[p.family];
    const hour = jstHour(first);
    if ((hour < from || hour >= to) && !rng.chance(0.25)) {
      const midnight = first - ((first + JST) % DAY);
      first = (hour < from ? midnight : midnight + DAY) + Math.floor(rng.range(from, from + 1.5) * HOUR);
    }
    const slow = rng.chance(0.2);
    const inf: Infection = {
      idx: p.idx, family: p.family, source: p.parent >= 0 ? 'spread' : 'seed', parent: p.parent, infectedAt: p.at, cleanAt, slow, rng,
      nextDay: Math.floor((first + JST) / DAY) + 1, queue: [{ start: first, slow }], busyUntil: 0,
      contactCursor: 0, contactCount: this.pop.contactCount(p.idx), sent: 0, firstSent: -1, times: [],
    };
    this.all.push(inf);
    this.active.push(inf);
  }

  /** Send every burst that starts before `until`; false once the handset is done for the run. */
  private run(inf: Infection, until: number, sink: Sink): boolean {
    const stop = Math.min(inf.cleanAt, this.runEnd);
    for (;;) {
      if (inf.queue.length === 0) {
        const dayStart = inf.nextDay * DAY - JST;
        if (dayStart >= stop) return false;
        if (dayStart >= until) return true;
        this.plan(inf, dayStart);
        inf.nextDay++;
        continue;
      }
      const b = inf.queue[0]!;
      if (b.start >= until) return true;
      inf.queue.shift();
      if (b.start >= stop) return false;
      this.burst(inf, b, stop, sink);
    }
  }

  /** The day's bursts: none on one day in ten (phone off, no orders), else 1–4 (or one long trickle). */
  private plan(inf: Infection, dayStart: number): void {
    const rng = inf.rng;
    if (rng.chance(0.1)) return;
    const [from, to] = WINDOWS[inf.family];
    if (inf.slow) {
      inf.queue.push({ start: dayStart + Math.floor(rng.range(from, from + 1.5) * HOUR), slow: true });
      return;
    }
    const n = rng.int(1, 4);
    const starts: number[] = [];
    for (let k = 0; k < n; k++) starts.push(dayStart + Math.floor((rng.chance(OFF_WINDOW) ? rng.range(7, 24) : rng.range(from, to - 0.5)) * HOUR));
    starts.sort((a, b) => a - b);
    for (const s of starts) inf.queue.push({ start: s, slow: false });
  }

  private burst(inf: Infection, b: Burst, stop: number, sink: Sink): void {
    const rng = inf.rng;
    const day = Math.floor((b.start - this.runStart) / DAY);
    const variant = this.campaigns.variant(inf.family, Math.max(0, day), rng);
    const sequential = rng.chance(0.3);
    let seqNext = rng.u32() % MOBILE_SPACE;
    let t = Math.max(b.start, inf.busyUntil);
    if (b.slow) {
      // A trickle until the end of the family's window: one message every 5–15 minutes.
      const [, to] = WINDOWS[inf.family];
      let windowEnd = b.start - ((b.start + JST) % DAY) + to * HOUR + Math.floor(rng.range(-0.5, 0.5) * HOUR);
      // On its first run the malware sends for a while whatever the hour.
      if (inf.sent === 0) windowEnd = Math.max(windowEnd, b.start + Math.floor(rng.range(1, 2) * HOUR));
      while (t < windowEnd && t < stop) {
        this.send(inf, t, this.target(inf, false, 0), variant, sink);
        t += Math.floor(rng.range(5, 15) * MINUTE);
      }
    } else {
      // Drawn again rather than clamped, so no size is over-represented at the bounds.
      let size = Math.round(rng.logNormal(60, 0.6));
      while (size < 20 || size > 200) size = Math.round(rng.logNormal(60, 0.6));
      const gap = rng.range(5, 90) * 1000;
      for (let k = 0; k < size && t < stop; k++) {
        const target = this.target(inf, sequential, seqNext);
        if (sequential) seqNext = (seqNext + 1) % MOBILE_SPACE;
        this.send(inf, t, target, variant, sink);
        t += Math.floor(gap * rng.range(0.6, 1.4));
      }
    }
    inf.busyUntil = t;
  }

  /** Contacts first (half of each burst while any are left), then numbers from the controller's lists. */
  private target(inf: Infection, sequential: boolean, seqValue: number): Party {
    const rng = inf.rng;
    if (inf.contactCursor < inf.contactCount && rng.chance(0.5)) return this.pop.contact(inf.idx, inf.contactCursor++);
    return this.pop.partyOfValue(sequential ? seqValue : rng.u32() % MOBILE_SPACE);
  }

  private send(inf: Infection, t: number, to: Party, variant: Variant, sink: Sink): void {
    if (to === inf.idx || t >= sink.end) return;
    const pop = this.pop;
    sink.send(t, pop.number(inf.idx), pop.partyNumber(to), variant.body(inf.rng), 'handset', pop.carrier(inf.idx), pop.partyCarrier(to), inf.family);
    inf.sent++;
    inf.times.push(t);
    if (inf.firstSent < 0) inf.firstSent = t;
    // Android owners who follow the link and install the APK become infected some hours later.
    if (to >= 0 && this.state[to] === 0 && pop.isAndroid(to) && inf.rng.chance(this.opts.spreadProbability)) {
      const delay = Math.min(48 * HOUR, HOUR + inf.rng.logNormal(3 * HOUR, 1));
      let at = t + Math.floor(delay);
      // Nobody installs an app between 1 and 7 in the morning: the lure is opened after waking up.
      const h = jstHour(at);
      if (h >= 1 && h < 7) at += (7 - h) * HOUR + Math.floor(inf.rng.range(0, 2) * HOUR);
      this.schedule(at, to, inf.idx, inf.family);
    }
  }
}

function pushHeap(h: Pending[], p: Pending): void {
  h.push(p);
  let i = h.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!less(h[i]!, h[parent]!)) break;
    [h[i], h[parent]] = [h[parent]!, h[i]!];
    i = parent;
  }
}

function popHeap(h: Pending[]): Pending | undefined {
  const top = h[0];
  const last = h.pop();
  if (h.length > 0 && last) {
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && less(h[l]!, h[m]!)) m = l;
      if (r < h.length && less(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
  return top;
}

function less(a: Pending, b: Pending): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
