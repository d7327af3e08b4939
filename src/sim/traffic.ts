// Everyday traffic, generated one hour at a time: person-to-person conversations (senders drawn by activity from
// the alias table, partners from their contact lists, some abroad), A2P messages from aggregators, a little A2P
// from international gateways, and the ~1 % of smishing that comes from overseas numbers (DESIGN §1).

import { A2P_HOURS, HOUR, isDayOff, jstHour, P2P_DAY_OFF, P2P_WORKDAY } from './calendar.js';
import type { Campaigns } from './campaigns.js';
import { MOBILE_SPACE, overseasSmishingSender } from './numbers.js';
import type { Population, Party } from './population.js';
import { label, Rng } from './prng.js';
import type { ResolvedOptions } from './options.js';
import type { Sink } from './sink.js';
import { a2pMessage, a2pSlots } from './texts-a2p.js';
import { abroadConversation, conversation, type Conversation } from './texts-chat.js';
import { compileAll, render } from './template.js';

/** Conversation lengths (messages) and their weights; mean ≈ 2.3. */
const LENGTHS = [1, 2, 3, 4, 5, 6, 8];
const LENGTH_WEIGHTS = [34, 35, 15, 8, 4, 2, 2];
const MEAN_LENGTH = LENGTHS.reduce((s, l, i) => s + l * LENGTH_WEIGHTS[i]!, 0) / LENGTH_WEIGHTS.reduce((a, b) => a + b, 0);
/** Share of A2P that arrives through international gateways (foreign apps' codes). */
const INTERNATIONAL_A2P = 0.04;

const FOREIGN_OTP = compileAll([
  'Telegram code: {code5}\n\nYou can also tap on this link to log in:\nhttps://t.me/login/{code5}',
  '<#> Your WhatsApp code: {code3}-{code3}\nDon\'t share this code with others',
  '[TikTok] {code} is your verification code, valid for 5 minutes. To keep your account safe, never forward this code.',
  'Your Uber code is {code}. Never share this code.',
  '{code} is your Instagram code. Don\'t share it.',
]);
const FOREIGN_IDS = ['Telegram', '+447860099299', 'TikTok', 'Uber', '+12345678901'];

export class EverydayTraffic {
  constructor(
    private readonly seed: number,
    private readonly pop: Population,
    private readonly opts: ResolvedOptions,
    private readonly campaigns: Campaigns,
    private readonly runStart: number,
  ) {}

  /**
   * Traffic of slice `s` (of `slices`) of hour `h`, which starts at `start` (epoch ms). Rates are per hour, so a
   * slice gets its share; each (hour, slice) has its own random stream.
   */
  slice(h: number, s: number, slices: number, start: number, sink: Sink): void {
    const hourJst = jstHour(start);
    const rhythm = isDayOff(start) ? P2P_DAY_OFF : P2P_WORKDAY;
    const len = HOUR / slices;
    const n = this.pop.size / slices;
    this.chats(new Rng(this.seed, label('p2p'), h, s), start, len, n * this.opts.p2pPerSubscriberDay * rhythm[hourJst]!, sink);
    this.a2p(new Rng(this.seed, label('a2p'), h, s), start, len, hourJst, n * this.opts.a2pPerSubscriberDay * A2P_HOURS[hourJst]!, sink);
    this.overseasSmishing(new Rng(this.seed, label('overseas'), h, s), start, len, (n * this.opts.overseasSmishingPerSubscriberDay) / 24, sink);
  }

  private chats(rng: Rng, start: number, len: number, expectedMessages: number, sink: Sink): void {
    const pop = this.pop;
    const n = rng.poisson(expectedMessages / MEAN_LENGTH);
    for (let c = 0; c < n; c++) {
      const a = pop.sampleActive(rng);
      let t = start + Math.floor(rng.float() * len);
      const turns = rng.weighted(LENGTHS, LENGTH_WEIGHTS);
      if (pop.hasAbroadTies(a) && rng.chance(0.12)) {
        this.abroad(rng, a, t, turns, sink);
        continue;
      }
      const b: Party = pop.favouriteContact(a, rng);
      const conv: Conversation = conversation(rng);
      const aNum = pop.number(a);
      const bNum = pop.partyNumber(b);
      const aCar = pop.carrier(a);
      const bCar = pop.partyCarrier(b);
      for (let k = 0; k < turns; k++) {
        const fromA = k % 2 === 0;
        const body = k === 0 ? conv.open : conv.reply();
        sink.send(t, fromA ? aNum : bNum, fromA ? bNum : aNum, body, 'handset', fromA ? aCar : bCar, fromA ? bCar : aCar, 'chat');
        t += Math.floor(Math.min(HOUR, 3000 + rng.logNormal(65_000, 1.3)));
      }
    }
  }

  /** Texting family or friends abroad: out by handset, answers back through an international gateway. */
  private abroad(rng: Rng, a: number, t0: number, len: number, sink: Sink): void {
    const pop = this.pop;
    const foreign = pop.foreignContact(a, rng);
    const conv = abroadConversation(rng);
    const aNum = pop.number(a);
    const car = pop.carrier(a);
    // Messages from abroad may open the exchange too.
    const inboundFirst = rng.chance(0.4);
    let t = t0;
    for (let k = 0; k < len; k++) {
      const out = (k % 2 === 0) !== inboundFirst;
      const body = k === 0 ? conv.open : conv.reply();
      if (out) sink.send(t, aNum, foreign, body, 'handset', car, null, 'chat');
      else sink.send(t, foreign, aNum, body, 'international', car, car, 'chat');
      t += Math.floor(Math.min(6 * HOUR, 10_000 + rng.logNormal(300_000, 1.5)));
    }
  }

  private a2p(rng: Rng, start: number, len: number, hourJst: number, expected: number, sink: Sink): void {
    const pop = this.pop;
    const slots = a2pSlots(start);
    const foreignSlots = { code: (r: Rng) => r.digits(6), code5: (r: Rng) => r.digits(5), code3: (r: Rng) => r.digits(3) };
    const n = rng.poisson(expected);
    for (let k = 0; k < n; k++) {
      const to = rng.chance(0.6) ? pop.sampleActive(rng) : pop.sampleUniform(rng);
      const t = start + Math.floor(rng.float() * len);
      const car = pop.carrier(to);
      if (rng.chance(INTERNATIONAL_A2P)) {
        const i = rng.int(0, FOREIGN_OTP.length - 1);
        sink.send(t, FOREIGN_IDS[i]!, pop.number(to), render(FOREIGN_OTP[i]!, rng, foreignSlots), 'international', car, car, 'a2p');
        continue;
      }
      const m = a2pMessage(rng, slots, hourJst, car);
      sink.send(t, m.from, pop.number(to), m.body, 'aggregator', car, car, 'a2p');
    }
  }

  /** Lures from overseas numbers to random Japanese mobile numbers; they do not come from our lines. */
  private overseasSmishing(rng: Rng, start: number, len: number, expected: number, sink: Sink): void {
    const n = rng.poisson(expected / 2.5);
    const day = Math.floor((start - this.runStart) / (24 * HOUR));
    for (let k = 0; k < n; k++) {
      const family = rng.chance(0.5) ? 'moqhao' : 'keepspy';
      const variant = this.campaigns.variant(family, day, rng);
      const from = overseasSmishingSender(rng);
      // A short run of numbers from one sender, as list-based senders do.
      const count = rng.int(1, 4);
      let t = start + Math.floor(rng.float() * len);
      for (let j = 0; j < count; j++) {
        // Mostly live numbers from leaked lists (our subscribers), some random ones.
        const to = rng.chance(0.8) ? this.pop.sampleUniform(rng) : this.pop.partyOfValue(rng.u32() % MOBILE_SPACE);
        const car = this.pop.partyCarrier(to);
        sink.send(t, from, this.pop.partyNumber(to), variant.body(rng), 'international', car, car, 'overseas_smishing');
        t += rng.int(2000, 30_000);
      }
    }
  }
}
