// What the traffic sources hand to the simulation loop. Sources may emit messages later than the hour being
// generated (a burst that runs on); the loop holds them until their hour is written. Messages are created here
// already in their final shape (id and ts are filled in when their hour is sorted), one allocation each.

import type { LineCarrier } from './population.js';
import type { MessageLabel, Route, SimMessage } from './types.js';

export interface Sink {
  /** End of the run (epoch ms); messages at or after it are dropped. */
  readonly end: number;
  /** Emit one message at `t` (epoch ms, rounded down to the millisecond). */
  send(t: number, from: string, to: string, body: string, route: Route, carrier: LineCarrier, toCarrier: LineCarrier | null, label: MessageLabel): void;
}

/** A Sink that collects into an array, which the loop swaps out every hour. */
export class PendingSink implements Sink {
  pending: SimMessage[] = [];

  constructor(readonly end: number) {}

  send(t: number, from: string, to: string, body: string, route: Route, carrier: LineCarrier, toCarrier: LineCarrier | null, label: MessageLabel): void {
    const tsMs = Math.floor(t);
    if (tsMs >= this.end) return;
    this.pending.push({ id: '', ts: '', from, to, body, route, carrier, toCarrier, tsMs, label });
  }
}
