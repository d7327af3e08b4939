// Fills a store with simulated traffic for the demo: `days` of messages from the simulator, ending now, each
// classified by the verdict engine as production would (so the monitor's roll-ups, the infected-handset cases
// and the report hub's campaigns all come from the real pipeline), a share of the smishing reported to the hub,
// and the largest campaigns confirmed by a "demo analyst" so the gallery has texts. Messages the simulation
// places after now are kept for the live trickle.
import { InProcessBus, type Clock } from '../core/index.js';
import type { ReportChannel, ReportInput } from '../reports/index.js';
import type { Services } from '../server/index.js';
import { simulate, type SimMessage } from '../sim/index.js';

const DAY = 86_400_000;
const JST = 9 * 3_600_000;
/** Share of smishing messages whose recipients report them (7726, web, or via their carrier's API). */
const REPORT_SHARE = 0.03;
const CHANNELS: ReportChannel[] = ['7726', '7726', 'web', 'api'];
const FUTURE_CAP = 200_000;
/** Campaigns the demo analyst confirms (the most reported ones). */
const CONFIRMED = 8;

/** A clock the fill moves through simulated time and then hands back to the wall clock. */
export class DemoClock implements Clock {
  private t: number | null = null;
  now(): number {
    return this.t ?? Date.now();
  }
  set(ms: number): void {
    this.t = ms;
  }
  release(): void {
    this.t = null;
  }
}

export interface FillOptions { seed: number; subscribers: number; days: number; memberId: string }
export interface FillResult { messages: number; smishing: number; reports: number; confirmed: number; future: SimMessage[] }

const isSmishing = (m: SimMessage) => m.label === 'moqhao' || m.label === 'keepspy';

export async function fillDemo(services: Services, clock: DemoClock, o: FillOptions, onProgress: (n: number) => void): Promise<FillResult> {
  const now = Date.now();
  const todayJst = Math.floor((now + JST) / DAY) * DAY;
  const start = new Date(todayJst - (o.days - 1) * DAY).toISOString().slice(0, 10);
  // One day more than shown: what lies after now is the live trickle's material, even just before midnight.
  const sim = simulate({ seed: o.seed, subscribers: o.subscribers, days: o.days + 1, start });
  const bus = services.bus;
  const future: SimMessage[] = [];
  let messages = 0;
  let smishing = 0;
  let reports = 0;
  let pick = o.seed >>> 0 || 1;
  const chance = () => {
    pick ^= pick << 13;
    pick ^= pick >>> 17;
    pick ^= pick << 5;
    return (pick >>> 0) / 0x1_0000_0000;
  };
  const submit = async (channel: ReportChannel, batch: ReportInput[]) => {
    await services.reports.submit(batch, { memberId: o.memberId, channel });
    reports += batch.length;
  };
  for await (const m of sim.messages()) {
    if (m.tsMs > now) {
      if (future.length >= FUTURE_CAP) break;
      future.push(m);
      continue;
    }
    clock.set(m.tsMs);
    services.sms.classify({ id: m.id, from: m.from, to: m.to, body: m.body, route: m.route, receivedAt: m.tsMs }, 'network');
    messages++;
    if (isSmishing(m)) {
      smishing++;
      if (chance() < REPORT_SHARE) {
        // Reported as it arrives, so the hub's timelines follow the simulated days.
        await submit(CHANNELS[Math.floor(chance() * CHANNELS.length)]!, [{ body: m.body, sender: m.from, reporter: m.to, receivedAt: m.tsMs }]);
      }
    }
    if (messages % 5000 === 0) {
      if (bus instanceof InProcessBus) await bus.drain();
      onProgress(messages);
    }
  }
  if (bus instanceof InProcessBus) await bus.drain();
  onProgress(messages);
  const top = await services.storage.db.selectFrom('campaigns').select('id').where('merged_into', 'is', null).where('category', '=', 'smishing')
    .orderBy('report_count', 'desc').limit(CONFIRMED).execute();
  if (top.length > 0) {
    await services.storage.db.updateTable('campaigns')
      .set({ status: 'confirmed', decided_at: now, decided_by: 'demo', decision_note: 'confirmed by the demo (simulated data)' })
      .where('id', 'in', top.map((t) => t.id)).execute();
    await services.audit.record({ actor: 'demo', action: 'campaigns.confirm', target: `campaigns:${top.length}`, purpose: 'demo data: simulated campaigns confirmed for the gallery' });
  }
  return { messages, smishing, reports, confirmed: top.length, future };
}
