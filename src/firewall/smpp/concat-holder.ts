// Parts of concatenated messages held until the whole message is there (or the hold time runs out), and the
// decisions of recently decided messages, so that a part arriving late gets the same decision as the rest.
import type { Segment } from './message-fields.js';

export type AddResult<P, D> =
  | { kind: 'held' }
  | { kind: 'complete'; parts: P[] }
  | { kind: 'late'; decision: D }
  | { kind: 'full' };

interface Group<P> {
  total: number;
  bySeq: Map<number, P[]>;
  timer: NodeJS.Timeout;
}

export class ConcatHolder<P, D> {
  private readonly groups = new Map<string, Group<P>>();
  private readonly decided = new Map<string, { decision: D; timer: NodeJS.Timeout }>();

  constructor(
    /** Longest hold, ms (`firewall.concatHoldMs`); also how long a decision is kept for late parts. */
    private readonly holdMs: number,
    /** The hold ran out: decide on the parts that arrived (in order). */
    private readonly onExpire: (key: string, parts: P[]) => void,
    /** Most messages held at once across all sessions; beyond it new parts are refused (answered throttled). */
    private readonly maxGroups = 100_000,
  ) {}

  add(key: string, seg: Segment, part: P): AddResult<P, D> {
    const late = this.decided.get(key);
    if (late) return { kind: 'late', decision: late.decision };
    let g = this.groups.get(key);
    if (!g) {
      if (this.groups.size >= this.maxGroups) return { kind: 'full' };
      const timer = setTimeout(() => this.expire(key), this.holdMs);
      timer.unref();
      g = { total: seg.total, bySeq: new Map(), timer };
      this.groups.set(key, g);
    }
    const same = g.bySeq.get(seg.seq);
    if (same) same.push(part);
    else g.bySeq.set(seg.seq, [part]);
    if (g.bySeq.size < g.total) return { kind: 'held' };
    this.take(key, g);
    return { kind: 'complete', parts: ordered(g) };
  }

  /** Keeps a message's decision for late parts (called as soon as the message is complete or expired). */
  remember(key: string, decision: D): void {
    const old = this.decided.get(key);
    if (old) clearTimeout(old.timer);
    const timer = setTimeout(() => this.decided.delete(key), this.holdMs);
    timer.unref();
    this.decided.set(key, { decision, timer });
  }

  get heldMessages(): number {
    return this.groups.size;
  }

  /** Every held part, removed (on stop). */
  drain(): P[] {
    const all: P[] = [];
    for (const [key, g] of this.groups) {
      this.take(key, g);
      all.push(...ordered(g));
    }
    for (const d of this.decided.values()) clearTimeout(d.timer);
    this.decided.clear();
    return all;
  }

  private expire(key: string): void {
    const g = this.groups.get(key);
    if (!g) return;
    this.take(key, g);
    this.onExpire(key, ordered(g));
  }

  private take(key: string, g: Group<P>): void {
    clearTimeout(g.timer);
    this.groups.delete(key);
  }
}

function ordered<P>(g: Group<P>): P[] {
  return [...g.bySeq.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, ps]) => ps);
}
