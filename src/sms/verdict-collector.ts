// Per-message accumulator of reasons and indicator matches. A class rather than closures so the hot path
// allocates one object per message and nothing per signal beyond the reason itself.
import type { IndicatorLookup } from './verdict-engine.js';
import type { Reason, VerdictIndicator } from './verdict.js';

export class Collector {
  readonly reasons: Reason[] = [];
  readonly indicators: VerdictIndicator[] = [];

  constructor(private readonly lookup: IndicatorLookup) {}

  add(code: string, weight: number, detail: string): void {
    this.reasons.push({ code, weight, detail });
  }

  /** Looks an observable up, records it in the verdict's indicator list, and returns its match. */
  check(kind: VerdictIndicator['kind'], value: string, role: VerdictIndicator['role']): VerdictIndicator['match'] {
    const hit = this.lookup.lookup(kind, value);
    const match = hit ? { id: hit.id, verdict: hit.verdict, confidence: hit.confidence, source: hit.source } : null;
    this.indicators.push({ kind, value, role, match });
    return match;
  }
}
