// Heavy but legitimate senders (about 0.1 % of lines): small shops texting a promo with each customer's name to
// their whole customer list within an hour, clubs and PTAs texting notices to their members, people sending
// seasonal greetings or a new-number notice to their whole address book. Their events are planned at the start
// (a few per run, at least one each) and generated when their hour comes; they keep their normal chats too.

import { DAY, HOUR, isDayOff, jstDate, MINUTE } from './calendar.js';
import { person, surname } from './names.js';
import type { Party, Population } from './population.js';
import { hash, label, Rng } from './prng.js';
import type { Sink } from './sink.js';
import { render } from './template.js';
import { heavyIdentity, heavySlots, heavyTemplate, type HeavyIdentity, type HeavyProfile } from './texts-heavy.js';
import { conversation } from './texts-chat.js';
import type { HeavyLegitTruth } from './types.js';

interface HeavyLine {
  idx: number;
  profile: HeavyProfile;
  identity: HeavyIdentity;
  /** Size of the customer or member list (shops, clubs) or the number of greetings sent. */
  audience: number;
  events: number[];
  next: number;
  rng: Rng;
}

const NAME = '\u0000';
const PROFILES: readonly HeavyProfile[] = ['shop', 'club', 'greetings'];
const PROFILE_WEIGHTS = [45, 35, 20];

export class HeavySenders {
  private readonly lines: HeavyLine[] = [];

  constructor(
    private readonly seed: number,
    private readonly pop: Population,
    share: number,
    start: number,
    days: number,
    /** Marks a line as taken (so it is not also chosen as an infected handset). */
    reserve: (idx: number) => void,
  ) {
    const rng = new Rng(seed, label('heavy'));
    const count = Math.min(Math.floor(pop.size / 10), Math.max(3, Math.round(pop.size * share)));
    const taken = new Set<number>();
    while (taken.size < count) {
      const idx = pop.sampleUniform(rng);
      if (taken.has(idx)) continue;
      taken.add(idx);
      reserve(idx);
      // The first three cover every profile, so even small runs have each kind.
      const profile = this.lines.length < PROFILES.length ? PROFILES[this.lines.length]! : rng.weighted(PROFILES, PROFILE_WEIGHTS);
      const lr = new Rng(seed, label('heavy-line'), idx);
      const audience = profile === 'shop' ? lr.int(120, 300) : profile === 'club' ? lr.int(50, 150) : lr.int(150, 250);
      this.lines.push({ idx, profile, identity: heavyIdentity(lr, profile), audience, events: planEvents(lr, profile, start, days, this.lines.length < PROFILES.length), next: 0, rng: lr });
    }
  }

  truth(): HeavyLegitTruth[] {
    return this.lines.map((l) => ({ kind: 'heavy_legit', line: this.pop.number(l.idx), profile: l.profile }));
  }

  /** Generate every event that starts before `hourEnd`. */
  hour(hourEnd: number, sink: Sink): void {
    for (const line of this.lines) {
      while (line.next < line.events.length && line.events[line.next]! < hourEnd) this.event(line, line.events[line.next++]!, sink);
    }
  }

  /** Recipient k of a line's audience: shop customers and club members mostly live nearby; greetings go to contacts. */
  private recipient(line: HeavyLine, k: number): Party {
    if (line.profile === 'greetings') return this.pop.contact(line.idx, k);
    const h = hash(this.seed, line.idx, k, 0x617564);
    const near = line.profile === 'club' ? 85 : 65;
    const r = h % 100;
    if (r < near) return this.pop.contact(line.idx, 1000 + k);
    if (r < 88) return hash(h, 3) % this.pop.size;
    return this.pop.outsider(h);
  }

  private event(line: HeavyLine, start: number, sink: Sink): void {
    const pop = this.pop;
    const rng = line.rng;
    const me = person(this.seed, line.idx);
    const slots = heavySlots({ identity: line.identity, senderName: rng.chance(0.5) ? me.given : me.surname, ms: start }, rng);
    // One text per event; shops and clubs only change the recipient's name in it.
    const text = render(heavyTemplate(rng, line.profile, start), rng, line.profile === 'greetings' ? slots : { ...slots, name: () => NAME });
    // Shops and clubs send the whole list in 15–55 minutes; greetings take an hour or two.
    const duration = line.profile === 'greetings' ? rng.int(50, 110) * MINUTE : rng.int(15, 55) * MINUTE;
    const mean = duration / line.audience;
    const from = pop.number(line.idx);
    const car = pop.carrier(line.idx);
    // Clubs sometimes forward the notice only to the members who asked for SMS.
    const size = line.profile === 'club' ? Math.round(line.audience * rng.range(0.8, 1)) : line.audience;
    const sent = new Set<Party>();
    let t = start;
    for (let k = 0; k < size; k++) {
      const to = this.recipient(line, k);
      if (to === line.idx || sent.has(to)) continue;
      sent.add(to);
      const body = line.profile === 'greetings' ? text : text.split(NAME).join(surname(this.seed, to));
      const toNum = pop.partyNumber(to);
      const toCar = pop.partyCarrier(to);
      sink.send(t, from, toNum, body, 'handset', car, toCar, 'heavy_legit');
      // A few recipients answer (thanks, a question); the answer is an ordinary chat.
      if (rng.chance(0.03)) {
        const reply = conversation(rng).reply();
        sink.send(t + rng.int(30_000, 40 * MINUTE), toNum, from, reply, 'handset', toCar, car, 'chat');
      }
      t += Math.max(1000, Math.floor(mean * rng.range(0.5, 1.5)));
    }
  }
}

/**
 * Event start times over the run: shops a few times a week in opening hours, clubs on evenings or days off,
 * greetings once. `guarantee` forces at least one event (the first line of each profile), so short runs show each kind.
 */
function planEvents(rng: Rng, profile: HeavyProfile, start: number, days: number, guarantee: boolean): number[] {
  const events: number[] = [];
  const at = (day: number, fromH: number, toH: number): number => start + day * DAY + Math.floor(rng.range(fromH, toH) * HOUR);
  if (profile === 'greetings') {
    let newYear = -1;
    for (let d = 0; d < days; d++) {
      const j = jstDate(start + d * DAY);
      if (j.month === 1 && j.day === 1) newYear = d;
    }
    // New Year's greetings start right after midnight or in the morning; other greetings any day.
    if (newYear >= 0) events.push(rng.chance(0.5) ? at(newYear, 0, 0.5) : at(newYear, 8, 11));
    else if (guarantee || rng.chance(Math.min(1, days / 10))) events.push(at(rng.int(0, days - 1), 10, 20.5));
    return events;
  }
  for (let d = 0; d < days; d++) {
    const off = isDayOff(start + d * DAY);
    if (profile === 'shop' && rng.chance(off ? 0.35 : 0.22)) events.push(at(d, 10, 18.5));
    if (profile === 'club' && rng.chance(off ? 0.3 : 0.1)) events.push(off ? at(d, 8, 11) : at(d, 19, 21.5));
  }
  if (events.length === 0 && guarantee) {
    const d = rng.int(0, days - 1);
    events.push(profile === 'shop' ? at(d, 10, 18.5) : at(d, 19, 21.5));
  }
  return events;
}
