// NATS JetStream fixtures for the suites in test/: every bus gets a prefix of its own (so concurrent test files
// and runs never see each other's streams), and every stream a test created is deleted afterwards.
import { randomBytes } from 'node:crypto';
import { connectNatsBus, testServiceUrls, type NatsBusOptions, type NatsJetStreamBus } from '../src/core/index.js';

export const NATS_SKIP_REASON = 'MAMORU_TEST_NATS_URL not set: NATS JetStream suite skipped';

/** Prefixes of test buses start with this, so leftovers are easy to find. */
export const TEST_PREFIX_START = 'mamoru_t';

export function natsUrl(): string | undefined {
  return testServiceUrls().nats;
}

export function newPrefix(): string {
  return `${TEST_PREFIX_START}${process.pid.toString(36)}${randomBytes(4).toString('hex')}`;
}

/** Opens test buses and deletes their streams in `dispose()`; buses are closed there too if a test did not. */
export class NatsFixture {
  private readonly buses: NatsJetStreamBus[] = [];

  constructor(readonly url: string) {}

  /** A bus on the given prefix (a new one by default); short ack wait and reconnect wait keep tests fast. */
  async open(opts: Partial<NatsBusOptions> = {}): Promise<NatsJetStreamBus> {
    const bus = await connectNatsBus({ prefix: newPrefix(), ackWaitMs: 1_000, reconnectWaitMs: 100, ...opts, url: opts.url ?? this.url });
    this.buses.push(bus);
    return bus;
  }

  async dispose(): Promise<void> {
    const buses = this.buses.splice(0);
    for (const bus of buses) await bus.close();
    // Delete through a connection to the real server (a test may have connected through a proxy that is gone).
    for (const prefix of new Set(buses.map((b) => b.prefix))) {
      const direct = buses.find((b) => b.prefix === prefix && b.url === this.url) ?? (await connectNatsBus({ url: this.url, prefix }));
      await direct.destroy();
    }
  }
}
