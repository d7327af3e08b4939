// Which peer a delivery receipt goes back to: the upstream message_id of each forwarded submit that asked for one
// (registered_delivery ≠ 0) → the system_id that submitted it, bounded (the oldest are forgotten first), and a
// round-robin choice among the sessions of a system_id that may receive. A receipt for a forgotten id goes to the
// only receiving system_id when there is one (the common case), else it is counted as unroutable.
import { BoundedCache } from '../../core/index.js';

export class ReceiptRoutes {
  // Generational, not "delete the Map's oldest key": with V8's deleted-entry holes that costs O(size) per insert
  // once the map is full, which at carrier rates is reached within minutes.
  private readonly routes: BoundedCache<string, string>;

  /** `max`: message ids remembered at most (at least half of them are; about 100 bytes each). */
  constructor(max = 1_000_000) {
    this.routes = new BoundedCache(max);
  }

  remember(messageId: string, systemId: string): void {
    if (messageId !== '') this.routes.set(messageId, systemId);
  }

  systemIdOf(messageId: string): string | undefined {
    return this.routes.get(messageId);
  }
}

/** Round-robin over candidates. */
export class RoundRobin {
  private n = 0;
  pick<T>(candidates: T[]): T | undefined {
    if (candidates.length === 0) return undefined;
    this.n = (this.n + 1) % 1_000_000_000;
    return candidates[this.n % candidates.length];
  }
}
