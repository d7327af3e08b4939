// Which peer a delivery receipt goes back to: the upstream message_id of each forwarded submit → the system_id
// that submitted it, bounded (the oldest are forgotten first), and a round-robin choice among the sessions of a
// system_id that may receive.

export class ReceiptRoutes {
  private readonly routes = new Map<string, string>();

  /** `max`: message ids remembered (about 100 bytes each). */
  constructor(private readonly max = 500_000) {}

  remember(messageId: string, systemId: string): void {
    if (messageId === '') return;
    this.routes.set(messageId, systemId);
    if (this.routes.size > this.max) {
      const oldest = this.routes.keys().next();
      if (!oldest.done) this.routes.delete(oldest.value);
    }
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
