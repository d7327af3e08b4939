// One poller for every open live stream: while anyone listens it reads the live snapshot every `everyMs` and
// passes it on when the counts changed, so a thousand viewers cost one query per period, not a thousand.
import type { Logger } from '../core/index.js';
import type { LiveSnapshot, StatsService } from './stats.service.js';

export type LiveListener = (s: LiveSnapshot) => void;

export class LiveFeed {
  private readonly listeners = new Set<LiveListener>();
  private timer: NodeJS.Timeout | null = null;
  private last: LiveSnapshot | null = null;
  private lastKey = '';
  private polling = false;

  constructor(private readonly stats: StatsService, private readonly everyMs: number, private readonly logger: Logger) {}

  /** Adds a listener, which gets the current snapshot at once; returns the function that removes it. */
  async subscribe(fn: LiveListener): Promise<() => void> {
    this.listeners.add(fn);
    if (!this.timer) {
      this.timer = setInterval(() => void this.poll(), this.everyMs);
      this.timer.unref();
    }
    const now = this.last ?? (await this.stats.live());
    if (this.listeners.has(fn)) fn(now);
    return () => {
      this.listeners.delete(fn);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
        this.last = null;
      }
    };
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const s = await this.stats.live();
      const key = `${s.scamToday}|${s.scamLast60m}|${s.scamLast24h}|${s.lastMinute.t}|${s.lastMinute.scam}`;
      this.last = s;
      if (key === this.lastKey) return;
      this.lastKey = key;
      for (const fn of this.listeners) fn(s);
    } catch (e) {
      this.logger.warn({ err: e }, 'live statistics poll failed');
    } finally {
      this.polling = false;
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.listeners.clear();
  }
}
