// The JetStream bus's view of its connection: logs disconnects and reconnects, and lets a publish wait for the
// reconnect instead of sending into a gap (the client drops a request made while it is disconnected).
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '../logger.js';
import { maskUrl } from './nats-options.js';

/** Resolves to the promise's value, or to 'timeout' after `ms`. */
export async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), ms)));
  try {
    return await Promise.race([p, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

export class ConnectionWatch {
  /** Set while the client is disconnected; resolves when it has reconnected. */
  private gate: { promise: Promise<void>; resolve: () => void } | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly logger: Logger,
  ) {
    void this.watch();
  }

  get disconnected(): boolean {
    return this.gate !== undefined;
  }

  /** True once connected (at once when connected now), false if still disconnected after `ms`. */
  async connected(ms: number): Promise<boolean> {
    if (!this.gate) return true;
    return (await withTimeout(this.gate.promise, ms)) !== 'timeout';
  }

  private async watch(): Promise<void> {
    for await (const st of this.nc.status()) {
      if (st.type === 'disconnect') {
        this.logger.warn({ server: maskUrl(st.server) }, 'event bus disconnected; reconnecting');
        if (!this.gate) {
          let resolve!: () => void;
          const promise = new Promise<void>((r) => (resolve = r));
          this.gate = { promise, resolve };
        }
      } else if (st.type === 'reconnect') {
        this.logger.warn({ server: maskUrl(st.server) }, 'event bus reconnected');
        this.gate?.resolve();
        this.gate = undefined;
      } else if (st.type === 'error') this.logger.error({ err: st.error }, 'event bus connection error');
      else if (st.type === 'slowConsumer') this.logger.warn({ sub: st.sub }, 'event bus: slow consumer');
    }
  }
}
