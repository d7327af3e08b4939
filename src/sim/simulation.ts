// The simulation loop. Hour by hour: activate infections that are due, let infected handsets, heavy senders and
// everyday traffic emit that hour's messages (some run into later hours and wait), sort what falls in the hour
// by time (stable, so ties keep their generation order), number it and hand it out. Memory stays bounded by the
// per-line typed arrays plus about one hour of messages.

import { DAY, HOUR } from './calendar.js';
import { Campaigns } from './campaigns.js';
import { HeavySenders } from './heavy.js';
import { Epidemic } from './infection.js';
import { resolveOptions, type ResolvedOptions, type SimOptions } from './options.js';
import { CARRIERS, Population } from './population.js';
import { jstMidnight } from './calendar.js';
import { PendingSink } from './sink.js';
import { EverydayTraffic } from './traffic.js';
import type { MessageLabel, Route, SimCounts, SimMessage, SimMeta, TruthRecord } from './types.js';

/** Batches per simulated hour (10-minute slices). */
export const SLICES_PER_HOUR = 6;
const LABELS: readonly MessageLabel[] = ['chat', 'a2p', 'heavy_legit', 'moqhao', 'keepspy', 'overseas_smishing'];

export class Simulation {
  readonly options: ResolvedOptions;
  /** First and last instant of the run, epoch ms. */
  readonly start: number;
  readonly end: number;
  readonly hours: number;
  /** Number of arrays batches() yields: hours × SLICES_PER_HOUR. */
  readonly batchCount: number;
  private readonly pop: Population;
  private readonly epidemic: Epidemic;
  private readonly heavy: HeavySenders;
  private readonly traffic: EverydayTraffic;
  private readonly byRoute: Record<Route, number> = { handset: 0, aggregator: 0, international: 0 };
  private readonly byLabel = Object.fromEntries(LABELS.map((l) => [l, 0])) as Record<MessageLabel, number>;
  private messageCount = 0;
  private started = false;
  private finished = false;

  /** Validates the options (VALIDATION_FAILED) and builds the population; nothing is generated yet. */
  constructor(options: SimOptions) {
    this.options = resolveOptions(options);
    const o = this.options;
    this.start = jstMidnight(o.start);
    this.end = this.start + o.days * DAY;
    this.hours = o.days * 24;
    this.batchCount = this.hours * SLICES_PER_HOUR;
    this.pop = new Population(o.seed, o.subscribers);
    const campaigns = new Campaigns(o.seed);
    this.epidemic = new Epidemic(o.seed, this.pop, o, campaigns, this.start, this.end);
    this.heavy = new HeavySenders(o.seed, this.pop, o.heavyLegitShare, this.start, o.days, (i) => this.epidemic.reserve(i));
    this.traffic = new EverydayTraffic(o.seed, this.pop, o, campaigns, this.start);
  }

  /**
   * The messages in time order, one sorted array per 10-minute slice (SLICES_PER_HOUR per hour, `batchCount` in
   * all). Finer than an hour so that messages die young (cheap garbage collection). A simulation runs once.
   */
  *batches(): Generator<SimMessage[], void, undefined> {
    if (this.started) throw new Error('a Simulation runs once; create a new one to run again');
    this.started = true;
    const sink = new PendingSink(this.end);
    const sliceLen = HOUR / SLICES_PER_HOUR;
    for (let h = 0; h < this.hours; h++) {
      const hStart = this.start + h * HOUR;
      // Infected handsets and heavy senders plan by the hour; their messages wait in the sink for their slice.
      this.epidemic.hour(h, hStart, sink);
      this.heavy.hour(hStart + HOUR, sink);
      // "YYYY-MM-DDTHH:" is the same for the whole hour; only minutes, seconds and milliseconds change.
      const prefix = new Date(hStart).toISOString().slice(0, 14);
      for (let s = 0; s < SLICES_PER_HOUR; s++) {
        const sStart = hStart + s * sliceLen;
        const sEnd = sStart + sliceLen;
        this.traffic.slice(h, s, SLICES_PER_HOUR, sStart, sink);
        const out: SimMessage[] = [];
        const later: SimMessage[] = [];
        for (const m of sink.pending) (m.tsMs < sEnd ? out : later).push(m);
        sink.pending = later;
        out.sort((a, b) => a.tsMs - b.tsMs);
        for (const m of out) {
          const off = m.tsMs - hStart;
          const min = Math.floor(off / 60_000);
          const sec = Math.floor(off / 1000) % 60;
          const ms = off % 1000;
          m.ts = off < 0 ? new Date(m.tsMs).toISOString() : `${prefix}${min < 10 ? '0' : ''}${min}:${sec < 10 ? '0' : ''}${sec}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
          m.id = `s${String(++this.messageCount).padStart(8, '0')}`;
          this.byRoute[m.route]++;
          this.byLabel[m.label]++;
        }
        yield out;
      }
    }
    this.finished = true;
  }

  /** The messages one by one, for consumers that want a stream (the same order as batches()). */
  async *messages(): AsyncGenerator<SimMessage, void, undefined> {
    for (const batch of this.batches()) {
      for (const m of batch) yield m;
    }
  }

  /** Ground truth: heavy legitimate lines, then infected lines in order of infection. Complete once the run ends. */
  truth(): TruthRecord[] {
    this.requireFinished();
    return [...this.heavy.truth(), ...this.epidemic.truth()];
  }

  meta(): SimMeta {
    this.requireFinished();
    const o = this.options;
    const infected = this.epidemic.truth();
    const l = this.byLabel;
    const counts: SimCounts = {
      messages: this.messageCount,
      byRoute: { ...this.byRoute },
      byLabel: { ...l },
      subscriberLines: o.subscribers,
      infectedLines: infected.length,
      infectedBySource: { seed: infected.filter((i) => i.source === 'seed').length, spread: infected.filter((i) => i.source === 'spread').length },
      infectedByFamily: { moqhao: infected.filter((i) => i.family === 'moqhao').length, keepspy: infected.filter((i) => i.family === 'keepspy').length },
      cleanedLines: infected.filter((i) => i.cleanedAt !== null).length,
      heavyLegitLines: this.heavy.truth().length,
      smishingMessages: { total: l.moqhao + l.keepspy + l.overseas_smishing, moqhao: l.moqhao, keepspy: l.keepspy, overseas: l.overseas_smishing },
      legitMessages: l.chat + l.a2p + l.heavy_legit,
    };
    const { seed, subscribers, days, start, ...parameters } = o;
    return {
      seed, subscribers, days, start,
      startAt: new Date(this.start).toISOString(),
      end: new Date(this.end).toISOString(),
      operator: CARRIERS[0],
      carriers: CARRIERS,
      parameters,
      counts,
    };
  }

  /** The population (numbers, carriers), e.g. to write the operator's subscriber directory. */
  get population(): Population {
    return this.pop;
  }

  private requireFinished(): void {
    if (!this.finished) throw new Error('truth and meta are known only after every batch has been consumed');
  }
}

/** Convenience: a new Simulation for these options. */
export function simulate(options: SimOptions): Simulation {
  return new Simulation(options);
}
